#!/usr/bin/env python3
"""Seeded, deterministic generator of berth/1 placement instances (stdlib only).

    python3 generate.py --out DIR [--count-per-cell N] [--seed S]

writes DIR/<family>-<size>-<k>.json (k = 1..N) and DIR/index.json. Families:

  consolidation  minHosts, all hosts online, 25-45 % utilisation, VMs spread out
  maintenance    minMigrations, 1-3 hosts (or a whole rack) in maintenance, 40-65 %, spares offline
  balance        balance, all online, hot hosts (85-98 %) next to cold ones (10-30 %)
  impossible     small infeasible requests of six kinds, each among a few valid rules

Sizes: small 10-20 hosts, medium 50-100, large 150-200; at most 1,500 VMs. Every feasible instance
is generated with a witness placement (the current one, or the current one with the drained
hosts emptied greedily) and its rules are drawn so that the witness satisfies them.
"""
import argparse
import json
import os
import random

FORMAT = "berth/1"
TIME_LIMIT = 10
MAX_HOSTS = 200
MAX_VMS = 1500

# (name, physical cores, memory MiB)
HOST_TYPES = [("g32", 32, 262144), ("g48", 48, 393216), ("g64", 64, 524288)]
# (name, vCPU, memory MiB)
FLAVOURS = [("s2.4", 2, 4096), ("m4.8", 4, 8192), ("l8.16", 8, 16384), ("x16.32", 16, 32768),
            ("r4.16", 4, 16384), ("r8.32", 8, 32768), ("r16.64", 16, 65536)]
# Flavour weights: small and medium clusters run mostly small VMs; large ones (capped at 1,500
# VMs) run the bigger memory-optimised flavours as well.
FLAVOUR_WEIGHTS = {
    "small": [30, 30, 20, 8, 12, 0, 0],
    "medium": [25, 30, 22, 10, 13, 0, 0],
    "large": [4, 8, 18, 22, 10, 18, 20],
}
SIZES = {"small": (10, 20), "medium": (50, 100), "large": (150, 200)}
FAMILIES = ["consolidation", "maintenance", "balance"]
OBJECTIVES = {"consolidation": "minHosts", "maintenance": "minMigrations", "balance": "balance"}
IMPOSSIBLE_KINDS = ["gather-spread", "lonely-gather", "spread-fence", "drain-capacity",
                    "ban-fence", "root-maintenance"]
# Rule counts per size: spread sets, gather pairs, bans, fences, roots, lonely groups.
RULE_COUNTS = {
    "small": dict(spread=2, gather=2, ban=2, fence=1, root=2, lonely=1),
    "medium": dict(spread=6, gather=4, ban=3, fence=2, root=3, lonely=1),
    "large": dict(spread=12, gather=6, ban=5, fence=3, root=4, lonely=2),
}
RESOURCES = ["cpu", "memory"]


class GenerationFailed(Exception):
    pass


# --------------------------------------------------------------------------- cluster


def mix(weights):
    total = sum(weights)
    return (sum(w * f[1] for w, f in zip(weights, FLAVOURS)) / total,
            sum(w * f[2] for w, f in zip(weights, FLAVOURS)) / total)


def make_hosts(rng, size, fill):
    """Hosts in racks, and the flavour weights to fill them with. `fill` is the mean host fill the
    family aims at: when the VMs would pass ~1,400, the bigger flavour mix is used, then fewer hosts."""
    lo, hi = SIZES[size]
    n = rng.randint(lo, hi)
    types = rng.sample(HOST_TYPES, rng.choice([2, 3]))
    ratios = {t[0]: rng.choice([3, 4]) for t in types}  # CPU overbooking per host type

    def estimate(count, weights):
        cpu, mem = mix(weights)
        per_host = sum(1 / max(cpu / (t[1] * ratios[t[0]]), mem / t[2]) for t in types) / len(types)
        return count * fill * per_host

    weights = FLAVOUR_WEIGHTS[size]
    if estimate(n, weights) > 1300:
        weights = FLAVOUR_WEIGHTS["large"]
    while n > lo and estimate(n, weights) > 1300:
        n -= 1
    # Racks of 8-20 hosts (small clusters: one or two racks).
    if size == "small":
        racks = max(1, n // 8)
    else:
        per = rng.randint(10, 20) if size == "medium" else rng.randint(16, 20)
        racks = -(-n // per)
        while n / racks < 8:
            racks -= 1
        while n / racks > 20:
            racks += 1
    sizes = [n // racks + (1 if i < n % racks else 0) for i in range(racks)]
    hosts = []
    for r, count in enumerate(sizes, 1):
        rack_type = types[(r - 1) % len(types)] if racks > 1 else None
        for i in range(1, count + 1):
            t = rack_type or rng.choice(types)
            hosts.append({
                "id": f"r{r:02d}-h{i:02d}",
                "capacity": {"cpu": t[1], "memory": t[2]},
                "state": "online",
                "attributes": {"rack": f"r{r:02d}", "model": t[0]},
                "overbooking": {"cpu": ratios[t[0]]},
            })
    return hosts, weights


def cap(host, r):
    return host["capacity"][r] * host.get("overbooking", {}).get(r, 1)


class Cluster:
    """Hosts, VMs and two placements: P0 (current) and P1 (the witness)."""

    def __init__(self, rng, size, hosts_and_weights):
        self.rng = rng
        self.size = size
        self.hosts, self.weights = hosts_and_weights
        self.hid = [h["id"] for h in self.hosts]
        self.rack = {h["id"]: h["attributes"]["rack"] for h in self.hosts}
        self.racks = sorted(set(self.rack.values()))
        self.vms = []  # dicts: id, flavour, cpu, mem
        self.p0 = {}  # vm id -> host id
        self.p1 = {}
        self.load = {h: [0, 0] for h in self.hid}
        self.lonely_groups = []  # [[vm ids]]
        self.lonely_hosts = set()
        self.off = set()  # hosts ending off in the witness (offline, maintenance, drained)

    def hostd(self, h):
        return self.hosts[self.hid.index(h)]

    def fill(self, h, extra=(0, 0)):
        host = self.hostd(h)
        return max((self.load[h][i] + extra[i]) / cap(host, r) for i, r in enumerate(RESOURCES))

    def new_vm(self, flavour_index, host):
        name, cpu, mem = FLAVOURS[flavour_index]
        vm = {"id": f"vm-{len(self.vms) + 1:04d}", "flavour": name, "cpu": cpu, "mem": mem}
        self.vms.append(vm)
        self.p0[vm["id"]] = host
        self.load[host][0] += cpu
        self.load[host][1] += mem
        return vm

    def fill_host(self, h, target):
        weights = self.weights
        failures = 0
        while failures < 6:
            if len(self.vms) >= MAX_VMS:
                raise GenerationFailed("too many VMs")
            f = self.rng.choices(range(len(FLAVOURS)), weights)[0]
            if self.fill(h, (FLAVOURS[f][1], FLAVOURS[f][2])) <= target:
                self.new_vm(f, h)
                failures = 0
            else:
                failures += 1

    def add_lonely(self, h):
        count = self.rng.randint(2, 4)
        group = [self.new_vm(self.rng.choice([1, 2, 4]), h)["id"] for _ in range(count)]
        self.lonely_groups.append(group)
        self.lonely_hosts.add(h)

    def witness(self, drain, spares):
        """P1: the VMs of `drain` moved greedily (largest first, to the emptiest fitting host);
        spares (offline, empty) are booted only when nothing else fits. Returns the booted spares."""
        self.p1 = dict(self.p0)
        load = {h: list(v) for h, v in self.load.items()}
        moving = sorted((v for v in self.vms if self.p0[v["id"]] in drain), key=lambda v: (-v["mem"], v["id"]))
        usable = [h for h in self.hid if h not in drain and h not in self.lonely_hosts and h not in spares]
        booted = []
        for vm in moving:
            def after(h):
                host = self.hostd(h)
                return max((load[h][0] + vm["cpu"]) / cap(host, "cpu"), (load[h][1] + vm["mem"]) / cap(host, "memory"))
            fitting = [h for h in usable if after(h) <= 1]
            if not fitting:
                rest = [h for h in spares if h not in booted]
                if not rest:
                    raise GenerationFailed("drained VMs do not fit")
                booted.append(rest[0])
                usable.append(rest[0])
                fitting = [rest[0]]
            best = min(fitting, key=lambda h: (after(h), h))
            self.p1[vm["id"]] = best
            load[best][0] += vm["cpu"]
            load[best][1] += vm["mem"]
        return booted

    # ------------------------------------------------------------------ rules satisfied by P0 and P1

    def free_vms(self, used):
        lonely = {v for g in self.lonely_groups for v in g}
        return [v for v in self.vms if v["id"] not in lonely and v["id"] not in used]

    def spread(self, used):
        k = self.rng.randint(2, 4)
        pool = self.free_vms(used)
        flavours = sorted({v["flavour"] for v in pool})
        self.rng.shuffle(flavours)
        for flavour in flavours:  # a replica set: one flavour, distinct hosts now and in the witness
            cands = [v["id"] for v in pool if v["flavour"] == flavour]
            self.rng.shuffle(cands)
            chosen, h0, h1 = [], set(), set()
            for v in cands:
                if self.p0[v] not in h0 and self.p1[v] not in h1:
                    chosen.append(v)
                    h0.add(self.p0[v])
                    h1.add(self.p1[v])
                    if len(chosen) == k:
                        return chosen
            if len(chosen) >= 2:
                return chosen
        return None

    def gather(self, used):
        pool = self.free_vms(used)
        by_host = {}
        for v in pool:
            by_host.setdefault((self.p0[v["id"]], self.p1[v["id"]]), []).append(v["id"])
        pairs = sorted(k for k, vs in by_host.items() if len(vs) >= 2)
        if not pairs:
            return None
        return sorted(self.rng.sample(by_host[self.rng.choice(pairs)], 2))

    def ban(self, used):
        pool = self.free_vms(used)
        vms = [v["id"] for v in self.rng.sample(pool, min(len(pool), self.rng.randint(1, 3)))]
        taken = {self.p0[v] for v in vms} | {self.p1[v] for v in vms}
        if len(self.racks) > 1 and self.rng.random() < 0.5:  # keep them off a whole rack
            racks = [r for r in self.racks if not any(self.rack[h] == r for h in taken)]
            if racks:
                r = self.rng.choice(racks)
                return vms, [h for h in self.hid if self.rack[h] == r]
        hosts = [h for h in self.hid if h not in taken]
        return vms, sorted(self.rng.sample(hosts, min(len(hosts), self.rng.randint(2, 5))))

    def fence(self, used):
        racks = list(self.racks)
        self.rng.shuffle(racks)
        for r in racks:
            pool = [v["id"] for v in self.free_vms(used) if self.rack[self.p0[v["id"]]] == r and self.rack[self.p1[v["id"]]] == r]
            if len(pool) >= 3:
                return sorted(self.rng.sample(pool, min(len(pool), self.rng.randint(3, 8)))), [h for h in self.hid if self.rack[h] == r]
        return None

    def root(self, used):
        pool = [v["id"] for v in self.free_vms(used) if self.p0[v["id"]] == self.p1[v["id"]]]
        return sorted(self.rng.sample(pool, min(len(pool), self.rng.randint(1, 3))))

    def rules(self, counts, max_online):
        """A sprinkle of rules satisfied by P0 and P1 (`max_online`: (rack, amount) or None)."""
        rules, used = [], set()

        def add(kind, **fields):
            rules.append({"kind": kind, "id": f"{kind}-{sum(1 for c in rules if c['kind'] == kind) + 1}", **fields})

        for group in self.lonely_groups[:counts["lonely"]]:
            add("lonely", vms=group)
        for _ in range(counts["spread"]):
            vms = self.spread(used)
            if vms:
                used.update(vms)
                add("spread", vms=vms)
        for _ in range(counts["gather"]):
            vms = self.gather(used)
            if vms:
                used.update(vms)
                add("gather", vms=vms)
        for _ in range(counts["ban"]):
            vms, hosts = self.ban(used)
            if vms and hosts:
                add("ban", vms=vms, hosts=hosts)
        if len(self.racks) > 1:
            for _ in range(counts["fence"]):
                got = self.fence(used)
                if got:
                    used.update(got[0])
                    add("fence", vms=got[0], hosts=got[1])
        for _ in range(counts["root"] // 2 + 1):
            vms = self.root(used)
            if vms:
                used.update(vms)
                add("root", vms=vms)
        if max_online:
            rack, amount = max_online
            add("maxOnline", hosts=[h for h in self.hid if self.rack[h] == rack], amount=amount)
        return rules

    def check_witness(self, rules, maintenance):
        """Asserts that P1 satisfies every rule and capacity (a generator self-test)."""
        load = {h: [0, 0] for h in self.hid}
        for v in self.vms:
            h = self.p1[v["id"]]
            assert h not in maintenance and (h not in self.off), (v["id"], h)
            load[h][0] += v["cpu"]
            load[h][1] += v["mem"]
        for h in self.hid:
            for i, r in enumerate(RESOURCES):
                assert load[h][i] <= cap(self.hostd(h), r), h
        on = {self.p1[v["id"]] for v in self.vms} | {h for h in self.hid if h not in self.off and h not in maintenance}
        for c in rules:
            hs = [self.p1[v] for v in c.get("vms", [])]
            if c["kind"] == "spread":
                assert len(set(hs)) == len(hs), c
            elif c["kind"] == "gather":
                assert len(set(hs)) == 1, c
            elif c["kind"] == "ban":
                assert not set(hs) & set(c["hosts"]), c
            elif c["kind"] == "fence":
                assert set(hs) <= set(c["hosts"]), c
            elif c["kind"] == "root":
                assert all(self.p0[v] == self.p1[v] for v in c["vms"]), c
            elif c["kind"] == "lonely":
                members = set(c["vms"])
                assert all(self.p1[v["id"]] not in hs for v in self.vms if v["id"] not in members), c
            elif c["kind"] == "maxOnline":
                assert len([h for h in c["hosts"] if h in on]) <= c["amount"], c

    def instance(self, rules, objective, states):
        hosts = []
        for h in self.hosts:
            h = json.loads(json.dumps(h))
            h["state"] = states.get(h["id"], "online")
            hosts.append(h)
        # VM ids are drawn at random, so that id order says nothing about where a VM runs.
        numbers = list(range(1, len(self.vms) + 1))
        self.rng.shuffle(numbers)
        rename = {v["id"]: f"vm-{n:04d}" for v, n in zip(self.vms, numbers)}
        vms = [{"id": rename[v["id"]], "demand": {"cpu": v["cpu"], "memory": v["mem"]}, "state": "running",
                "host": self.p0[v["id"]], "memoryMiB": v["mem"], "tags": [v["flavour"]]} for v in self.vms]
        vms.sort(key=lambda v: v["id"])
        rules = [dict(c, vms=[rename[v] for v in c["vms"]]) if "vms" in c else c for c in rules]
        inst = {"format": FORMAT, "resources": list(RESOURCES), "hosts": hosts, "vms": vms,
                "constraints": rules, "objective": objective, "timeLimit": TIME_LIMIT}
        assert len(hosts) <= MAX_HOSTS and len(vms) <= MAX_VMS
        return inst


# --------------------------------------------------------------------------- families


def util_of(cl, hosts):
    hosts = list(hosts)
    return max(sum(cl.load[h][i] for h in hosts) / sum(cap(cl.hostd(h), r) for h in hosts) for i, r in enumerate(RESOURCES))


def lonely_count(size):
    return RULE_COUNTS[size]["lonely"]


def consolidation(rng, size):
    util = rng.uniform(0.25, 0.45)
    cl = Cluster(rng, size, make_hosts(rng, size, util))
    order = list(cl.hid)
    rng.shuffle(order)
    lonely = order[:lonely_count(size)]
    for h in lonely:
        cl.add_lonely(h)
    for h in order[len(lonely):]:
        cl.fill_host(h, min(0.95, max(0.05, rng.gauss(util, 0.06))))
    # maxOnline on one rack: the witness switches its 1-2 emptiest hosts off.
    rack = rng.choice(cl.racks)
    rack_hosts = [h for h in cl.hid if cl.rack[h] == rack and h not in cl.lonely_hosts]
    k = rng.randint(1, 2)
    drain = set(sorted(rack_hosts, key=lambda h: (cl.fill(h), h))[:k])
    cl.witness(drain, [])
    cl.off = drain
    amount = len([h for h in cl.hid if cl.rack[h] == rack]) - k
    rules = cl.rules(RULE_COUNTS[size], (rack, amount))
    cl.check_witness(rules, set())
    return cl, rules, "minHosts", {}, {"utilisation": round(util_of(cl, cl.hid), 3)}


def maintenance(rng, size, util=None, allow_rack=True):
    util = util if util is not None else rng.uniform(0.40, 0.65)
    cl = Cluster(rng, size, make_hosts(rng, size, util))
    order = list(cl.hid)
    rng.shuffle(order)
    spares = []
    if rng.random() < 0.5:  # some instances keep spares offline
        spares = sorted(order[:max(1, len(order) // 20)])
    if allow_rack and size != "small" and len(cl.racks) > 2 and rng.random() < 0.5:
        rack = rng.choice(cl.racks)
        drain = {h for h in cl.hid if cl.rack[h] == rack and h not in spares}
    else:
        drain = set(rng.sample([h for h in order if h not in spares], rng.randint(1, 3)))
    rest = [h for h in order if h not in spares and h not in drain]
    lonely = rest[:lonely_count(size)]
    for h in lonely:
        cl.add_lonely(h)
    for h in order:
        if h not in spares and h not in lonely:
            cl.fill_host(h, min(0.95, max(0.05, rng.gauss(util, 0.08))))
    booted = cl.witness(drain, spares)
    cl.off = set(spares) - set(booted)
    # maxOnline on one rack: what the witness keeps on there (booted spares included).
    rack = rng.choice(cl.racks)
    amount = len([h for h in cl.hid if cl.rack[h] == rack and h not in cl.off and h not in drain])
    rules = cl.rules(RULE_COUNTS[size], (rack, amount))
    states = {h: "offline" for h in spares}
    states.update({h: "maintenance" for h in drain})
    cl.check_witness(rules, drain)
    live = [h for h in cl.hid if h not in spares]
    return cl, rules, "minMigrations", states, {
        "utilisation": round(util_of(cl, live), 3), "maintenance": len(drain), "offline": len(spares),
        "witnessBoots": len(booted)}


def balance(rng, size):
    hot_share = rng.uniform(0.2, 0.4)
    cl = Cluster(rng, size, make_hosts(rng, size, hot_share * 0.915 + (1 - hot_share) * 0.2))
    order = list(cl.hid)
    rng.shuffle(order)
    lonely = order[:lonely_count(size)]
    for h in lonely:
        cl.add_lonely(h)
    rest = order[len(lonely):]
    hot = set(rest[:max(1, round(hot_share * len(rest)))])
    for h in rest:
        cl.fill_host(h, rng.uniform(0.85, 0.98) if h in hot else rng.uniform(0.10, 0.30))
    cl.witness(set(), [])
    rack = rng.choice(cl.racks)
    amount = len([h for h in cl.hid if cl.rack[h] == rack])
    rules = cl.rules(RULE_COUNTS[size], (rack, amount))
    cl.check_witness(rules, set())
    return cl, rules, "balance", {}, {"utilisation": round(util_of(cl, cl.hid), 3), "hotHosts": len(hot)}


def impossible(rng, size, kind):
    """A feasible base (maintenance-like, few rules) plus one infeasible request of `kind`."""
    objective = rng.choice(["minHosts", "minMigrations", "balance"])
    counts = {k: max(1, v // 2) for k, v in RULE_COUNTS[size].items()}
    if kind == "drain-capacity":
        cl = Cluster(rng, size, make_hosts(rng, size, 0.65))
        order = list(cl.hid)
        rng.shuffle(order)
        cl.add_lonely(order[0])
        for h in order[1:]:
            cl.fill_host(h, rng.uniform(0.55, 0.75))
        cl.p1 = dict(cl.p0)
        rules = cl.rules(counts, None)
        # Drain the hosts without lonely/rooted/fenced VMs, fullest first, until the VMs no
        # longer fit in the memory (or CPU) of the hosts left.
        pinned = {v for c in rules for v in c["vms"]}
        pinned_hosts = {cl.p0[v] for v in pinned} | cl.lonely_hosts
        cand = sorted((h for h in cl.hid if h not in pinned_hosts), key=lambda h: (-cl.fill(h), h))
        demand = [sum(v["cpu"] for v in cl.vms), sum(v["mem"] for v in cl.vms)]
        drain = []
        for h in cand:
            left = [h2 for h2 in cl.hid if h2 not in drain]
            if any(demand[i] > sum(cap(cl.hostd(x), r) for x in left) for i, r in enumerate(RESOURCES)):
                break
            drain.append(h)
        left = [h2 for h2 in cl.hid if h2 not in drain]
        if not any(demand[i] > sum(cap(cl.hostd(x), r) for x in left) for i, r in enumerate(RESOURCES)):
            raise GenerationFailed("cannot overload the hosts left")
        states = {h: "maintenance" for h in drain}
        return cl, rules, objective, states, {"kind": kind, "maintenance": len(drain)}

    cl, rules, _, states, meta = maintenance(rng, size, util=rng.uniform(0.35, 0.5), allow_rack=False)
    rules = [c for c in rules if c["kind"] != "maxOnline"]
    keep = {"spread": 2, "gather": 1, "ban": 1, "fence": 1, "root": 1, "lonely": 1}
    seen, base = {}, []
    for c in rules:
        seen[c["kind"]] = seen.get(c["kind"], 0) + 1
        if seen[c["kind"]] <= keep.get(c["kind"], 0):
            base.append(c)
    used = {v for c in base for v in c.get("vms", [])}
    lonely = {v for g in cl.lonely_groups for v in g}
    free = [v["id"] for v in cl.vms if v["id"] not in used and v["id"] not in lonely
            and states.get(cl.p0[v["id"]]) != "maintenance"]
    rng.shuffle(free)
    maint = [h for h, s in states.items() if s == "maintenance"]
    if kind == "gather-spread":
        a, b = free[0], next(v for v in free[1:] if cl.p0[v] != cl.p0[free[0]])
        c = next(v for v in free[2:] if v != b and cl.p0[v] not in (cl.p0[a], cl.p0[b]))
        extra = [{"kind": "gather", "id": "web-affinity", "vms": [a, b]},
                 {"kind": "spread", "id": "web-ha", "vms": sorted([a, b, c])}]
    elif kind == "lonely-gather":
        group = next(c for c in base if c["kind"] == "lonely")["vms"]
        extra = [{"kind": "gather", "id": "app-with-db", "vms": [group[0], free[0]]}]
    elif kind == "spread-fence":
        rack_hosts = {}
        for h in cl.hid:
            rack_hosts.setdefault(cl.rack[h], []).append(h)
        rack = min(rack_hosts, key=lambda r: (len(rack_hosts[r]), r))
        group = sorted(free[:len(rack_hosts[rack]) + 1])
        extra = [{"kind": "fence", "id": "tenant-rack", "vms": group, "hosts": rack_hosts[rack]},
                 {"kind": "spread", "id": "tenant-ha", "vms": group}]
    elif kind == "ban-fence":
        rack = rng.choice(cl.racks)
        hosts = [h for h in cl.hid if cl.rack[h] == rack]
        if len(cl.racks) == 1:
            hosts = sorted(rng.sample(hosts, 3))
        v = free[0]
        extra = [{"kind": "fence", "id": "licence-hosts", "vms": [v], "hosts": hosts},
                 {"kind": "ban", "id": "bad-firmware", "vms": [v], "hosts": hosts}]
    elif kind == "root-maintenance":
        on_maint = sorted(v["id"] for v in cl.vms if cl.p0[v["id"]] in maint and v["id"] not in used)
        extra = [{"kind": "root", "id": "pinned-licence", "vms": [on_maint[0]]}]
    else:
        raise ValueError(kind)
    meta["kind"] = kind
    return cl, base + extra, objective, states, meta


# --------------------------------------------------------------------------- driver


def build(family, size, k, seed):
    for attempt in range(20):
        rng = random.Random(f"berth-placement/{seed}/{family}/{size}/{k}/{attempt}")
        try:
            if family == "consolidation":
                got = consolidation(rng, size)
            elif family == "maintenance":
                got = maintenance(rng, size)
            elif family == "balance":
                got = balance(rng, size)
            else:
                got = impossible(rng, size, IMPOSSIBLE_KINDS[(k - 1) % len(IMPOSSIBLE_KINDS)])
        except (GenerationFailed, StopIteration, IndexError):
            continue
        cl, rules, objective, states, meta = got
        meta["attempt"] = attempt
        return cl.instance(rules, objective, states), meta
    raise SystemExit(f"cannot generate {family}-{size}-{k}")


def plan(count):
    """(family, size, k) of every instance: the three families x three sizes x count, then
    3 x count impossible ones (two thirds small, one third medium)."""
    cells = [(f, s, k) for f in FAMILIES for s in SIZES for k in range(1, count + 1)]
    for k in range(1, 3 * count + 1):
        cells.append(("impossible", "small" if k <= 2 * count else "medium", k))
    return cells


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--count-per-cell", type=int, default=5, help="instances per family x size (default 5)")
    ap.add_argument("--seed", type=int, default=1, help="base seed (default 1)")
    args = ap.parse_args()
    if not 1 <= args.count_per_cell <= 50:
        raise SystemExit("--count-per-cell must be in 1..50")
    os.makedirs(args.out, exist_ok=True)
    index = []
    for family, size, k in plan(args.count_per_cell):
        inst, meta = build(family, size, k, args.seed)
        name = f"{family}-{size}-{k}.json"
        with open(os.path.join(args.out, name), "w") as f:
            json.dump(inst, f, indent=1)
            f.write("\n")
        kinds = {}
        for c in inst["constraints"]:
            kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
        index.append({"file": name, "family": family, "size": size, "k": k, "objective": inst["objective"],
                      "hosts": len(inst["hosts"]), "vms": len(inst["vms"]), "rules": kinds, **meta})
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump({"format": "berth-placement-bench/1", "seed": args.seed, "countPerCell": args.count_per_cell,
                   "instances": index}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(index)} instances to {args.out}")


if __name__ == "__main__":
    main()
