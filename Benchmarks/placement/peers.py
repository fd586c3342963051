#!/usr/bin/env python3
"""Berth's placement problem, one formulation, solved with OR-Tools CP-SAT or HiGHS.

    python peers.py MODEL --solver cpsat|highs [--time-limit S] [--output PLACEMENT] [--threads N]

Reads a berth/1 instance (only what Benchmarks/placement/generate.py writes: running VMs with a
host, cpu/memory capacities with overbooking, online/offline/maintenance hosts, the rules spread,
gather, ban, fence, root, lonely, maxOnline, the objectives minHosts, minMigrations, balance;
anything else is refused with exit code 3), builds ONE linear model (`Formulation`) and hands it
to CP-SAT (`cp_model`) or HiGHS (`highspy`). Prints one JSON object (status, hosts on,
migrations, peak, primary objective, best bound, seconds) and writes the placement as a
berth-placement/1 file for `berth check`.

Semantics (docs/format.md, "Built-in rules" and "Objectives"):
  x[v,h] binary for running VM v on candidate host h (not maintenance, fits an empty host, not
  banned, inside every fence, the current host only when rooted; gathered VMs share one domain);
  y[h] binary: host h ends on (maintenance hosts have none: they end off and empty; offline
  hosts may boot). sum_h x[v,h] = 1; per host and resource sum_v demand x <= capacity x
  overbooking x y[h] (which also keeps every VM on a host that ends on; x[v,h] <= y[h] is added
  for VMs without demand, or for all with PEERS_LINKING=1). spread: sum over the set <= 1 per host;
  gather: x[a,h] = x[b,h]; lonely: z[h] >= x[m,h] for members, outsiders <= M (1 - z[h]);
  maxOnline: sum y <= amount. Identical empty hosts are switched on in order (as Berth does).
  moved(v) = 1 - x[v, current host]; weight max(memoryMiB, 1). changes = hosts switching state.
  minHosts:      1) sum y   2) migrated MiB + changes / (H + 1)
  minMigrations: 1) migrated MiB + changes / (H + 1)      (exactly lexicographic: changes <= H)
  balance:       1) (S + 1) changes + peak_units, with S load <= peak_units capacity for every
                    host and resource (peak in 1/S units, S = 1000; integer for CP-SAT,
                    continuous for HiGHS)   2) migrated MiB
CP-SAT minimises W x level 1 + level 2 (integers, W = the largest level-2 value + 1: exactly
lexicographic; PEERS_CPSAT_WEIGHTED=0 solves phases instead). HiGHS (floating point) solves the two
levels one after the other: level 1 with up to 60 % of the time (less when it is proven sooner),
then level 1 is bounded by its best value and level 2 minimised in the rest of the time,
warm-started from level 1's placement. Both solvers start from the current placement (a CP-SAT
hint, a HiGHS start; partial when VMs sit on maintenance hosts).
"""
import argparse
import json
import math
import os
import sys
import time

EXIT_BAD_INPUT = 3
PEAK_SCALE = 1000
PHASE1_SHARE = 0.6
# x[v,h] <= y[h] rows on top of the capacity rows (Berth adds them): off by default, since they
# tripled HiGHS's presolve time on the large instances and did not help either solver overall.
LINKING = os.environ.get("PEERS_LINKING", "0") == "1"
# CP-SAT: the two levels as one exactly lexicographic integer objective instead of two phases.
# On by default: in trials it found better primaries on medium instances than the phases did.
CPSAT_WEIGHTED = os.environ.get("PEERS_CPSAT_WEIGHTED", "1") == "1"

TOP_KEYS = {"format", "resources", "hosts", "vms", "constraints", "objective", "timeLimit"}
HOST_KEYS = {"id", "capacity", "state", "attributes", "overbooking"}
VM_KEYS = {"id", "demand", "state", "host", "memoryMiB", "tags"}
RULE_KEYS = {
    "spread": {"vms"}, "gather": {"vms"}, "root": {"vms"}, "lonely": {"vms"},
    "ban": {"vms", "hosts"}, "fence": {"vms", "hosts"}, "maxOnline": {"hosts", "amount"},
}
OBJECTIVES = ("minHosts", "minMigrations", "balance")


class Unsupported(Exception):
    pass


def integral(value, where):
    if not isinstance(value, (int, float)) or value < 0 or float(value) != int(value):
        raise Unsupported(f"{where}: {value!r} is not a non-negative integer (the peer formulation needs integral data)")
    return int(value)


# --------------------------------------------------------------------------- instance


class Instance:
    def __init__(self, data, objective=None):
        def keys(obj, allowed, where):
            extra = sorted(set(obj) - allowed)
            if extra:
                raise Unsupported(f"{where}: unsupported field(s) {', '.join(extra)}")

        keys(data, TOP_KEYS, "instance")
        if data.get("format") != "berth/1":
            raise Unsupported("format must be berth/1")
        self.resources = list(data["resources"])
        self.objective = objective or data.get("objective", "minMigrations")
        if self.objective not in OBJECTIVES:
            raise Unsupported(f"objective {self.objective!r} is not supported (only {', '.join(OBJECTIVES)})")
        self.hosts, self.cap, self.state = [], [], []
        for i, h in enumerate(data["hosts"]):
            keys(h, HOST_KEYS, f"hosts[{i}]")
            state = h.get("state", "online")
            if state not in ("online", "offline", "maintenance"):
                raise Unsupported(f"hosts[{i}].state {state!r}")
            over = h.get("overbooking", {})
            if set(over) - set(self.resources) or set(h["capacity"]) - set(self.resources):
                raise Unsupported(f"hosts[{i}]: unknown resource")
            self.hosts.append(h["id"])
            self.state.append(state)
            self.cap.append([integral(h["capacity"].get(r, 0) * over.get(r, 1), f"hosts[{i}] usable {r}") for r in self.resources])
        self.hindex = {h: i for i, h in enumerate(self.hosts)}
        if len(self.hindex) != len(self.hosts):
            raise Unsupported("duplicate host ids")
        self.vms, self.demand, self.current, self.weight, self.mem = [], [], [], [], []
        for i, v in enumerate(data.get("vms", [])):
            keys(v, VM_KEYS, f"vms[{i}]")
            if v.get("state", "running") != "running":
                raise Unsupported(f"vms[{i}]: only running VMs are supported")
            if "host" not in v or v["host"] not in self.hindex:
                raise Unsupported(f"vms[{i}]: a running VM with a known current host is required")
            if self.state[self.hindex[v["host"]]] == "offline":
                raise Unsupported(f"vms[{i}]: runs on an offline host")
            if set(v["demand"]) - set(self.resources):
                raise Unsupported(f"vms[{i}]: unknown resource")
            self.vms.append(v["id"])
            self.demand.append([integral(v["demand"].get(r, 0), f"vms[{i}].demand.{r}") for r in self.resources])
            self.current.append(self.hindex[v["host"]])
            mem = integral(v.get("memoryMiB", 0), f"vms[{i}].memoryMiB")
            self.mem.append(mem)
            self.weight.append(max(mem, 1))
        self.vindex = {v: i for i, v in enumerate(self.vms)}
        if len(self.vindex) != len(self.vms):
            raise Unsupported("duplicate VM ids")
        self.rules = []
        for i, c in enumerate(data.get("constraints", [])):
            kind = c.get("kind")
            if kind not in RULE_KEYS:
                raise Unsupported(f"constraints[{i}]: kind {kind!r} is not supported (only {', '.join(sorted(RULE_KEYS))})")
            keys(c, RULE_KEYS[kind] | {"kind", "id"}, f"constraints[{i}]")
            rule = {"kind": kind, "id": c.get("id", f"{kind}#{i + 1}")}
            if "vms" in RULE_KEYS[kind]:
                rule["vms"] = sorted({self.vindex[v] for v in c["vms"]})
            if "hosts" in RULE_KEYS[kind]:
                rule["hosts"] = sorted({self.hindex[h] for h in c["hosts"]})
            if kind == "maxOnline":
                rule["amount"] = integral(c["amount"], f"constraints[{i}].amount")
            self.rules.append(rule)

    @classmethod
    def load(cls, path, objective=None):
        with open(path) as f:
            return cls(json.load(f), objective)


# --------------------------------------------------------------------------- formulation


class Formulation:
    """The linear model both solvers receive. Variables: ('bin'|'scaled', lb, ub); 'scaled' is an
    integer for CP-SAT and continuous for HiGHS. Rows: (vars, integer coefs, lb|None, ub|None).
    Objective levels: (vars, integer coefs, constant, divisor): value = (sum + constant) / divisor."""

    def __init__(self, inst):
        self.inst = inst
        self.kind, self.lb, self.ub, self.names = [], [], [], []
        self.rows = []
        self.infeasible_reason = None
        H, V = len(inst.hosts), len(inst.vms)

        # Domains.
        allowed = [set(h for h in range(H) if inst.state[h] != "maintenance"
                       and all(inst.demand[v][r] <= inst.cap[h][r] for r in range(len(inst.resources))))
                   for v in range(V)]
        for rule in inst.rules:
            if rule["kind"] == "ban":
                for v in rule["vms"]:
                    allowed[v] -= set(rule["hosts"])
            elif rule["kind"] == "fence":
                for v in rule["vms"]:
                    allowed[v] &= set(rule["hosts"])
            elif rule["kind"] == "root":
                for v in rule["vms"]:
                    allowed[v] &= {inst.current[v]}
        changed = True
        while changed:  # gathered VMs share one domain (chains of gathers too)
            changed = False
            for rule in inst.rules:
                if rule["kind"] == "gather" and len(rule["vms"]) > 1:
                    common = set.intersection(*(allowed[v] for v in rule["vms"]))
                    for v in rule["vms"]:
                        if allowed[v] != common:
                            allowed[v] = set(common)
                            changed = True
        for v in range(V):
            if not allowed[v]:
                self.infeasible_reason = f"VM {inst.vms[v]} has no possible host (domain reduction)"
        self.domain = [sorted(a) for a in allowed]

        # Variables.
        self.x = [dict() for _ in range(V)]
        self.vms_on = [[] for _ in range(H)]
        for v in range(V):
            for h in self.domain[v]:
                self.x[v][h] = self.var("bin", 0, 1, f"x_{v}_{h}")
                self.vms_on[h].append(v)
        self.y = [None if inst.state[h] == "maintenance" else self.var("bin", 0, 1, f"y_{h}") for h in range(H)]

        # Assignment, linking, capacity.
        for v in range(V):
            self.row([self.x[v][h] for h in self.domain[v]], [1] * len(self.domain[v]), 1, 1)
        for h in range(H):
            if self.y[h] is None:
                continue
            for v in self.vms_on[h]:
                # The capacity rows already force y[h] = 1 under a VM with some demand.
                if LINKING or not any(inst.demand[v]):
                    self.row([self.x[v][h], self.y[h]], [1, -1], None, 0)
            for r in range(len(inst.resources)):
                terms = [(self.x[v][h], inst.demand[v][r]) for v in self.vms_on[h] if inst.demand[v][r] > 0]
                if terms:
                    self.row([t for t, _ in terms] + [self.y[h]], [c for _, c in terms] + [-inst.cap[h][r]], None, 0)

        # Rules.
        for rule in inst.rules:
            kind = rule["kind"]
            if kind == "spread":
                for h in range(H):
                    vs = [self.x[v][h] for v in rule["vms"] if h in self.x[v]]
                    if len(vs) > 1:
                        self.row(vs, [1] * len(vs), None, 1)
            elif kind == "gather":
                first = rule["vms"][0]
                for other in rule["vms"][1:]:
                    for h in self.domain[first]:
                        self.row([self.x[other][h], self.x[first][h]], [1, -1], 0, 0)
            elif kind == "lonely":
                members = set(rule["vms"])
                for h in sorted(set().union(*(self.domain[v] for v in members))):
                    outsiders = [self.x[u][h] for u in self.vms_on[h] if u not in members]
                    if not outsiders:
                        continue
                    z = self.var("bin", 0, 1, f"lonely_{rule['id']}_{h}")
                    for m in members:
                        if h in self.x[m]:
                            self.row([self.x[m][h], z], [1, -1], None, 0)
                    big = len(outsiders)
                    self.row(outsiders + [z], [1] * big + [big], None, big)
            elif kind == "maxOnline":
                ys = [self.y[h] for h in rule["hosts"] if self.y[h] is not None]
                if len(ys) > rule["amount"]:
                    self.row(ys, [1] * len(ys), None, rule["amount"])
            # ban, fence, root: in the domains.

        # Symmetry: identical empty hosts (capacity, state, rule references, candidate VMs) on in order.
        refs = [[] for _ in range(H)]
        for i, rule in enumerate(inst.rules):
            for h in rule.get("hosts", []):
                refs[h].append(i)
        occupied = set(inst.current)
        classes = {}
        for h in range(H):
            if self.y[h] is None or h in occupied:
                continue
            key = (tuple(inst.cap[h]), inst.state[h], tuple(refs[h]), tuple(self.vms_on[h]))
            classes.setdefault(key, []).append(h)
        for members in classes.values():
            for a, b in zip(members, members[1:]):
                self.row([self.y[b], self.y[a]], [1, -1], None, 0)

        # Objective pieces.
        mig_vars, mig_coefs, mig_const = [], [], 0
        for v in range(V):
            mig_const += inst.weight[v]
            if inst.current[v] in self.x[v]:
                mig_vars.append(self.x[v][inst.current[v]])
                mig_coefs.append(-inst.weight[v])
        ch_vars, ch_coefs, ch_const = [], [], 0
        for h in range(H):
            if self.y[h] is None:
                continue
            ch_vars.append(self.y[h])
            if inst.state[h] == "online":
                ch_const += 1
                ch_coefs.append(-1)
            else:
                ch_coefs.append(1)
        K = H + 1
        mig_plus_changes = (mig_vars + ch_vars, [K * c for c in mig_coefs] + ch_coefs, K * mig_const + ch_const, K)
        ys = [y for y in self.y if y is not None]
        if inst.objective == "minHosts":
            self.levels = [(ys, [1] * len(ys), 0, 1), mig_plus_changes]
        elif inst.objective == "minMigrations":
            self.levels = [mig_plus_changes]
        else:
            S = PEAK_SCALE
            self.peak = self.var("scaled", 0, S, "peak")
            for h in range(H):
                for r in range(len(inst.resources)):
                    terms = [(self.x[v][h], S * inst.demand[v][r]) for v in self.vms_on[h] if inst.demand[v][r] > 0]
                    if terms and inst.cap[h][r] > 0:
                        self.row([t for t, _ in terms] + [self.peak], [c for _, c in terms] + [-inst.cap[h][r]], None, 0)
            self.levels = [(ch_vars + [self.peak], [(S + 1) * c for c in ch_coefs] + [1], (S + 1) * ch_const, S),
                           (mig_vars, mig_coefs, mig_const, 1)]

    def var(self, kind, lb, ub, name):
        self.kind.append(kind)
        self.lb.append(lb)
        self.ub.append(ub)
        self.names.append(name)
        return len(self.kind) - 1

    def row(self, vars_, coefs, lb, ub):
        self.rows.append((vars_, coefs, lb, ub))

    @property
    def size(self):
        return {"columns": len(self.kind), "rows": len(self.rows), "nonzeros": sum(len(r[0]) for r in self.rows)}

    def start(self, assign, online):
        """Variable values for a placement (assign[v] = host index or None, online: set of hosts):
        {column: value}. VMs placed on a host without a variable (a maintenance host) are left
        out, so the start is partial then."""
        inst = self.inst
        values = {}
        for v, h in enumerate(assign):
            if h is None or h not in self.x[v]:
                continue
            for g, col in self.x[v].items():
                values[col] = int(g == h)
        for h, y in enumerate(self.y):
            if y is not None:
                values[y] = int(h in online)
        complete = all(h is not None and h in self.x[v] for v, h in enumerate(assign))
        for i, name in enumerate(self.names):
            if name.startswith("lonely_"):
                rid, h = name[len("lonely_"):].rsplit("_", 1)
                rule = next(r for r in inst.rules if r["id"] == rid)
                if complete or any(assign[m] == int(h) for m in rule["vms"]):
                    values[i] = int(any(assign[m] == int(h) for m in rule["vms"]))
        if inst.objective == "balance" and complete:
            values[self.peak] = min(PEAK_SCALE, -(-int(PEAK_SCALE * peak(inst, assign, online) * 1e6) // 10**6))
        return values

    def decode(self, values):
        assign = [max(self.x[v], key=lambda h: values[self.x[v][h]]) for v in range(len(self.inst.vms))]
        online = {h for h, y in enumerate(self.y) if y is not None and values[y] > 0.5}
        return assign, online


# --------------------------------------------------------------------------- metrics


def loads(inst, assign):
    load = [[0] * len(inst.resources) for _ in inst.hosts]
    for v, h in enumerate(assign):
        for r in range(len(inst.resources)):
            load[h][r] += inst.demand[v][r]
    return load


def peak(inst, assign, online):
    load = loads(inst, assign)
    return max([load[h][r] / inst.cap[h][r] for h in online for r in range(len(inst.resources)) if inst.cap[h][r] > 0] or [0])


def metrics(inst, assign, online):
    moved = [v for v in range(len(inst.vms)) if assign[v] != inst.current[v]]
    changes = sum(1 for h in range(len(inst.hosts)) if inst.state[h] != "maintenance"
                  and (h in online) != (inst.state[h] == "online"))
    m = {"onlineHosts": len(online), "migrations": len(moved), "migratedMiB": sum(inst.mem[v] for v in moved),
         "peakUtilization": peak(inst, assign, online), "stateChanges": changes}
    m["primary"] = {"minHosts": m["onlineHosts"], "minMigrations": m["migratedMiB"], "balance": m["peakUtilization"]}[inst.objective]
    return m


def current_start(form):
    inst = form.inst
    online = {h for h in range(len(inst.hosts)) if inst.state[h] == "online"}
    return form.start(list(inst.current), online)


# --------------------------------------------------------------------------- CP-SAT


def solve_cpsat(form, time_limit, threads):
    from ortools.sat.python import cp_model
    t0 = time.monotonic()
    model = cp_model.CpModel()
    vars_ = []
    for kind, lb, ub in zip(form.kind, form.lb, form.ub):
        vars_.append(model.NewBoolVar("") if kind == "bin" else model.NewIntVar(lb, ub, ""))
    for vs, cs, lb, ub in form.rows:
        if len(vs) == 2 and cs == [1, -1] and lb is None and ub == 0 and form.kind[vs[0]] == "bin" and form.kind[vs[1]] == "bin":
            model.AddImplication(vars_[vs[0]], vars_[vs[1]])
            continue
        expr = cp_model.LinearExpr.WeightedSum([vars_[i] for i in vs], cs)
        if lb is not None and ub is not None and lb == ub:
            model.Add(expr == lb)
        elif lb is None:
            model.Add(expr <= ub)
        elif ub is None:
            model.Add(expr >= lb)
        else:
            model.AddLinearConstraint(expr, lb, ub)
    build = time.monotonic() - t0

    def objective(level):
        vs, cs, const, _ = level
        return cp_model.LinearExpr.WeightedSum([vars_[i] for i in vs], cs) + const

    hint = current_start(form)
    statuses, bound, values = [], None, None
    levels, weight = form.levels, None
    if CPSAT_WEIGHTED and len(levels) == 2:
        # One objective, exactly lexicographic in integers: W * level 1 + level 2, W > max level 2.
        (v1, c1, k1, d1), (v2, c2, k2, _) = levels
        weight = k2 + sum(c for c in c2 if c > 0) + 1
        levels = [(v1 + v2, [weight * c for c in c1] + c2, weight * k1 + k2, d1)]
    for k, level in enumerate(levels):
        left = time_limit - (time.monotonic() - t0 - build)
        budget = left * PHASE1_SHARE if (k == 0 and len(levels) > 1) else left
        if budget <= 0.05:
            statuses.append("skipped")
            break
        model.ClearHints()
        for i, val in sorted(hint.items()):
            model.AddHint(vars_[i], val)
        model.Minimize(objective(level))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = budget
        solver.parameters.num_workers = threads
        status = solver.Solve(model)
        name = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible", cp_model.INFEASIBLE: "infeasible",
                cp_model.MODEL_INVALID: "invalid"}.get(status, "unknown")
        statuses.append(name)
        if name not in ("optimal", "feasible"):
            break
        values = [solver.Value(v) for v in vars_]
        hint = dict(enumerate(values))
        if k == 0:
            raw = solver.BestObjectiveBound()
            bound = (raw // weight if weight else raw) / level[3]
        if k + 1 < len(levels):  # keep level k at its best value
            best = round(solver.ObjectiveValue())
            model.Add(objective(level) <= best)
    return statuses, len(levels), values, bound, build, time.monotonic() - t0 - build


# --------------------------------------------------------------------------- HiGHS


class StdoutToStderr:
    """HiGHS prints its banner on the C stdout; keep stdout for the JSON result."""

    def __enter__(self):
        sys.stdout.flush()
        self.saved = os.dup(1)
        os.dup2(2, 1)

    def __exit__(self, *exc):
        sys.stdout.flush()
        os.dup2(self.saved, 1)
        os.close(self.saved)


def solve_highs(form, time_limit, threads):
    with StdoutToStderr():
        return _solve_highs(form, time_limit, threads)


def _solve_highs(form, time_limit, threads):
    import numpy as np
    import highspy
    t0 = time.monotonic()
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(os.environ.get("PEERS_LOG")))
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", 0.0)
    inf = highspy.kHighsInf
    n = len(form.kind)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = len(form.rows)
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.array(form.lb, dtype=float)
    lp.col_upper_ = np.array(form.ub, dtype=float)
    lp.row_lower_ = np.array([-inf if lb is None else lb for _, _, lb, _ in form.rows], dtype=float)
    lp.row_upper_ = np.array([inf if ub is None else ub for _, _, _, ub in form.rows], dtype=float)
    starts, index, value = [0], [], []
    for vs, cs, _, _ in form.rows:
        index.extend(vs)
        value.extend(cs)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = len(form.rows)
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger if k == "bin" else highspy.HighsVarType.kContinuous for k in form.kind]
    h.passModel(lp)
    build = time.monotonic() - t0

    def set_start(vals):  # a partial start is completed by HiGHS (a sub-MIP)
        cols = sorted(vals)
        h.setSolution(len(cols), np.array(cols, dtype=np.int32), np.array([float(vals[c]) for c in cols]))

    start = current_start(form)
    statuses, bound, values = [], None, None
    for k, level in enumerate(form.levels):
        vs, cs, const, div = level
        left = time_limit - (time.monotonic() - t0 - build)
        budget = left * PHASE1_SHARE if (k == 0 and len(form.levels) > 1) else left
        if budget <= 0.05:
            statuses.append("skipped")
            break
        cost = np.zeros(n)
        for i, c in zip(vs, cs):
            cost[i] += c / div
        h.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
        h.setOptionValue("time_limit", float(budget))
        if start:
            set_start(start)
        h.run()
        status = h.getModelStatus()
        info = h.getInfo()
        has_solution = info.primal_solution_status == 2
        if status == highspy.HighsModelStatus.kOptimal:
            name = "optimal"
        elif status == highspy.HighsModelStatus.kInfeasible:
            name = "infeasible"
        elif has_solution:
            name = "feasible"
        else:
            name = "unknown"
        statuses.append(name)
        if name not in ("optimal", "feasible"):
            break
        values = [round(x) if form.kind[i] == "bin" else x for i, x in enumerate(h.getSolution().col_value)]
        start = dict(enumerate(values))
        if k == 0:
            bound = (info.mip_dual_bound + const / div)
        if k + 1 < len(form.levels):  # keep level k at its best value (objective without constant, times div)
            best = sum(c * values[i] for i, c in zip(vs, cs))
            h.addRow(-inf, best + 1e-6 * max(1.0, abs(best)), len(vs), np.array(vs, dtype=np.int32), np.array(cs, dtype=float))
    return statuses, len(form.levels), values, bound, build, time.monotonic() - t0 - build


# --------------------------------------------------------------------------- driver


def run(model_path, solver, time_limit, output=None, threads=None, objective=None):
    t0 = time.monotonic()
    inst = Instance.load(model_path, objective)
    form = Formulation(inst)
    threads = threads or (2 if solver == "cpsat" else (os.cpu_count() or 1))
    result = {"solver": solver, "model": model_path, "objective": inst.objective, "timeLimit": time_limit,
              "threads": threads, "size": form.size, "hosts": len(inst.hosts), "vms": len(inst.vms)}
    formulate = time.monotonic() - t0
    if form.infeasible_reason:
        result.update(status="infeasible", note=form.infeasible_reason, phases=[], buildSeconds=formulate,
                      solveSeconds=0.0, seconds=time.monotonic() - t0)
        return result
    fn = solve_cpsat if solver == "cpsat" else solve_highs
    statuses, levels, values, bound, build, solve = fn(form, time_limit, threads)
    if bound is not None and not math.isfinite(bound):
        bound = None  # HiGHS stopped before any LP bound
    if statuses and statuses[0] in ("infeasible", "unknown", "invalid"):
        status = statuses[0]
    elif all(s == "optimal" for s in statuses) and len(statuses) == levels:
        status = "optimal"
    else:
        status = "feasible"
    result.update(status=status, phases=statuses, buildSeconds=formulate + build, solveSeconds=solve)
    if values is not None:
        assign, online = form.decode(values)
        for v, h in enumerate(assign):  # a VM always lands on a host that ends on
            online.add(h)
        m = metrics(inst, assign, online)
        result.update(m)
        result["bestBound"] = bound
        if output:
            placement = {"format": "berth-placement/1",
                         "vms": {inst.vms[v]: inst.hosts[h] for v, h in enumerate(assign)},
                         "onlineHosts": sorted(inst.hosts[h] for h in online)}
            with open(output, "w") as f:
                json.dump(placement, f, indent=1, sort_keys=True)
                f.write("\n")
            result["placement"] = output
    result["seconds"] = time.monotonic() - t0
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--solver", choices=["cpsat", "highs"], required=True)
    ap.add_argument("--time-limit", type=float, default=60.0, help="solver seconds, both levels together (default 60)")
    ap.add_argument("--output", help="write the placement (berth-placement/1) here")
    ap.add_argument("--threads", type=int, help="CP-SAT workers (default 2) / HiGHS threads (default: CPUs)")
    ap.add_argument("--objective", choices=OBJECTIVES, help="override the instance's objective")
    args = ap.parse_args()
    try:
        result = run(args.model, args.solver, args.time_limit, args.output, args.threads, args.objective)
    except Unsupported as e:
        print(json.dumps({"status": "error", "message": f"{args.model}: {e}"}))
        print(f"{args.model}: unsupported by the peer formulation: {e}", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
