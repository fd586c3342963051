#!/usr/bin/env python3
"""Berth vs OR-Tools CP-SAT vs HiGHS on generated placement instances (see README.md).

    python compare.py [--instances DIR] [--only FAMILY[/SIZE] ...] [--peer-time 60] [--berth-time 10]
                      [--results FILE.jsonl] [--markdown FILE.md] [--reuse-peers]

Runs every instance serially: `berth solve --json` (BERTH_BIN, default .build/release/berth from the
repository root), then peers.py with CP-SAT and HiGHS (under `nice`). Every placement returned by
any solver is judged by `berth check --json`. Peer results are cached by (instance SHA-256,
solver, peer time) in --cache (placements included), so --reuse-peers re-runs Berth alone.
"""
import argparse
import collections
import datetime
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import generate  # noqa: E402
import peers  # noqa: E402  (metrics only; the solvers run in a subprocess)

SOLVERS = ["cpsat", "highs"]
LABEL = {"berth": "Berth", "cpsat": "CP-SAT", "highs": "HiGHS"}
BALANCE_TOLERANCE = 0.005


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_cmd(cmd, timeout):
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return None, out, f"timeout after {timeout} s", time.monotonic() - t0


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                pass
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def check(berth, model, placement_path):
    code, out, err, _ = run_cmd([berth, "check", model, placement_path, "--json"], 300)
    data = last_json(out)
    if code == 3 or data is None:
        return {"exit": code, "violations": None, "error": (err or out).strip()[-500:]}
    violations = data.get("violations", [])
    return {"exit": code, "violations": len(violations),
            "violatedRules": sorted({v.get("constraint", "?") for v in violations})}


def measure(model, placement):
    """Metrics of a placement, computed the same way for every solver."""
    inst = peers.Instance.load(model)
    assign = [inst.hindex[placement["vms"][v]] for v in inst.vms]
    online = {inst.hindex[h] for h in placement.get("onlineHosts", [])}
    return peers.metrics(inst, assign, online)


def run_berth(berth, model, seconds, workdir):
    out_path = os.path.join(workdir, "berth-placement.json")
    if os.path.exists(out_path):
        os.remove(out_path)
    code, out, err, wall = run_cmd([berth, "solve", model, "--json", "--time-limit", str(seconds), "--output", out_path],
                                   seconds * 6 + 120)
    data = last_json(out) or {}
    solve = data.get("solve") or {}  # berth-result/1
    metrics = {k: solve.get(k) for k in ("onlineHosts", "migrations", "migratedMiB", "peakUtilization")} if solve else None
    rec = {"solver": "berth", "exit": code, "status": data.get("status", "error" if code not in (0, 1, 2) else None),
           "wall": wall, "solveSeconds": solve.get("solveSeconds"), "bestBound": solve.get("bestBound"),
           "source": solve.get("source"), "repairMode": solve.get("repairMode"), "berthMetrics": metrics,
           "mip": solve.get("mip")}
    if code == 2:
        rec["conflicts"] = [c.get("id") if isinstance(c, dict) else c for c in data.get("conflicts", [])]
        rec["minimal"] = data.get("minimal")
    if code not in (0, 1, 2):
        rec["stderr"] = err.strip()[-1000:]
    if code in (0, 1) and os.path.exists(out_path):
        with open(out_path) as f:
            rec["placementData"] = json.load(f)
    return rec, (out_path if "placementData" in rec else None)


def run_peer(solver, model, seconds, workdir, nice):
    out_path = os.path.join(workdir, f"{solver}-placement.json")
    if os.path.exists(out_path):
        os.remove(out_path)
    py = sys.executable
    cmd = ([ "nice", "-n", str(nice)] if nice else []) + [py, os.path.join(HERE, "peers.py"), model, "--solver", solver,
                                                          "--time-limit", str(seconds), "--output", out_path]
    code, out, err, wall = run_cmd(cmd, seconds * 3 + 300)
    data = last_json(out) or {}
    if isinstance(data.get("bestBound"), float) and data["bestBound"] != data["bestBound"] * 1:  # nan
        data["bestBound"] = None
    if isinstance(data.get("bestBound"), float) and abs(data["bestBound"]) == float("inf"):
        data["bestBound"] = None
    rec = {"solver": solver, "exit": code, "status": data.get("status") or ("timeout" if code is None else "error"),
           "wall": wall, "seconds": data.get("seconds"), "buildSeconds": data.get("buildSeconds"),
           "solveSeconds": data.get("solveSeconds"), "bestBound": data.get("bestBound"), "phases": data.get("phases"),
           "size": data.get("size"), "note": data.get("note")}
    if code != 0:
        rec["stderr"] = err.strip()[-1000:]
    if os.path.exists(out_path):
        with open(out_path) as f:
            rec["placementData"] = json.load(f)
    return rec


def key(rec, objective):
    """Lexicographic quality: (primary, migrated MiB); None when there is no valid placement."""
    if rec.get("metrics") is None or rec.get("check", {}).get("violations") != 0:
        return None
    return (rec["metrics"]["primary"], rec["metrics"]["migratedMiB"])


def compare_keys(a, b, objective):
    """-1 when a is better, 0 equal, 1 worse."""
    if a is None and b is None:
        return 0
    if a is None:
        return 1
    if b is None:
        return -1
    pa, pb = a[0], b[0]
    if objective == "balance":
        if abs(pa - pb) > BALANCE_TOLERANCE:
            return -1 if pa < pb else 1
    elif pa != pb:
        return -1 if pa < pb else 1
    if a[1] != b[1]:
        return -1 if a[1] < b[1] else 1
    return 0


def verdict(row):
    objective = row["objective"]
    recs = row["solvers"]
    if row["family"] == "impossible":
        b = recs["berth"]
        peer_feasible = [s for s in SOLVERS if recs.get(s, {}).get("status") in ("optimal", "feasible")
                         and recs[s].get("check", {}).get("violations") == 0]
        if b["exit"] == 2:
            v = "equal" if not peer_feasible else "worse"
            return v, f"yes: infeasible, {len(b.get('conflicts', []))} conflicts"
        if b["exit"] in (0, 1) and b.get("check", {}).get("violations") == 0:
            return "better", "Berth found a valid placement (generator bug?)"
        return "worse", f"no: exit {b['exit']}"
    bk = key(recs["berth"], objective)
    peer_keys = [(s, key(recs[s], objective)) for s in SOLVERS if s in recs]
    best = None
    for s, k in peer_keys:
        if k is not None and (best is None or compare_keys(k, best[1], objective) < 0):
            best = (s, k)
    c = compare_keys(bk, best[1] if best else None, objective)
    v = {-1: "better", 0: "equal", 1: "worse"}[c]
    return v, {"better": "yes (better)", "equal": "yes (equal)", "worse": f"no (best: {LABEL[best[0]]})" if best else "no"}[v]


def flags(row):
    """Disagreements between the peers and peer placements failing Berth's checker."""
    out = []
    recs = row["solvers"]
    for s in SOLVERS:
        r = recs.get(s)
        if r and r.get("check", {}).get("violations"):
            out.append(f"{LABEL[s]} placement fails berth check: {r['check']['violatedRules']}")
        if r and r.get("status") == "infeasible" and row["family"] != "impossible":
            out.append(f"{LABEL[s]} says infeasible on a feasible family")
    a, b = recs.get("cpsat"), recs.get("highs")
    if a and b:
        found = {"optimal", "feasible"}
        if (a["status"] == "infeasible" and b["status"] in found) or (b["status"] == "infeasible" and a["status"] in found):
            out.append(f"CP-SAT {a['status']} vs HiGHS {b['status']}")
        if a["status"] == "optimal" and b["status"] == "optimal":
            ka, kb = key(a, row["objective"]), key(b, row["objective"])
            if ka and kb and compare_keys(ka, kb, row["objective"]) != 0:
                out.append(f"both optimal but differ: CP-SAT {ka} vs HiGHS {kb}")
        for x, y, lx in ((a, b, "CP-SAT"), (b, a, "HiGHS")):  # a value better than the other's proven bound
            if x.get("metrics") and y.get("bestBound") is not None and y["status"] in ("optimal", "feasible"):
                if x["metrics"]["primary"] < y["bestBound"] - 1e-6 * max(1, abs(y["bestBound"])) - (BALANCE_TOLERANCE if row["objective"] == "balance" else 0):
                    out.append(f"{lx} value {x['metrics']['primary']} below the other's bound {y['bestBound']}")
    return out


def fmt_value(objective, m):
    if m is None:
        return "-"
    p = m["primary"]
    return f"{p:.3f}" if objective == "balance" else (f"{p:,}" if isinstance(p, int) else str(p))


def fmt_status(r):
    if r["solver"] == "berth":
        return f"{r.get('status') or '?'} ({r['exit']})"
    return r.get("status") or "?"


def cells(row, s):
    r = row["solvers"].get(s)
    if r is None:
        return ["", "", "", "", ""]
    m = r.get("metrics")
    viol = r.get("check", {}).get("violations")
    secs = r.get("wall") if s == "berth" else (r.get("seconds") or r.get("wall"))
    return [fmt_value(row["objective"], m), f"{m['migratedMiB']:,}" if m else "-", fmt_status(r),
            f"{secs:.1f}" if secs is not None else "-", "-" if viol is None else str(viol)]


def markdown(rows, args, meta):
    head = ["instance", "family", "hosts", "VMs"]
    for s in ["berth"] + SOLVERS:
        head += [f"{LABEL[s]} value", f"{LABEL[s]} MiB moved", f"{LABEL[s]} status", f"{LABEL[s]} s", f"{LABEL[s]} viol."]
    head.append("Berth ≥ best peer?")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in rows:
        line = [row["instance"], f"{row['family']} ({row['objective']})", str(row["hosts"]), str(row["vms"])]
        for s in ["berth"] + SOLVERS:
            line += cells(row, s)
        line.append(row["verdictText"])
        lines.append("| " + " | ".join(line) + " |")
    lines.append("")
    lines += summary(rows)
    header = [f"# Berth vs CP-SAT vs HiGHS ({meta['date']})", "",
              f"Berth `{meta['berthBin']}` (sha256 {meta['berthSha256']}…) --time-limit {args.berth_time}; peers {args.peer_time} s "
              f"(CP-SAT {meta['ortools']} with 2 workers, HiGHS {meta['highspy']}), run under nice -n {args.nice}; "
              f"instances: generate.py --seed {meta['seed']} --count-per-cell {meta['count']}; machine: {meta['machine']}.",
              "value: hosts on (minHosts), migrated MiB (minMigrations), peak utilisation (balance); s: wall seconds "
              "(peers: including the Python model build); viol.: violations found by `berth check`.", ""]
    return "\n".join(header + lines) + "\n"


def summary(rows):
    out = ["## Summary", ""]
    cell = collections.OrderedDict()
    for row in rows:
        cell.setdefault((row["family"], row["size"]), collections.Counter())[row["verdict"]] += 1
    out.append("| family | size | instances | better | equal | worse |")
    out.append("|---|---|---|---|---|---|")
    total = collections.Counter()
    for (f, s), c in cell.items():
        out.append(f"| {f} | {s} | {sum(c.values())} | {c['better']} | {c['equal']} | {c['worse']} |")
        total.update(c)
    out.append(f"| all | | {sum(total.values())} | {total['better']} | {total['equal']} | {total['worse']} |")
    out.append("")
    viol = {s: sum(r["solvers"][s].get("check", {}).get("violations") or 0 for r in rows if s in r["solvers"]) for s in ["berth"] + SOLVERS}
    bad = {s: sum(1 for r in rows if s in r["solvers"] and (r["solvers"][s].get("check", {}).get("violations") or 0) > 0) for s in ["berth"] + SOLVERS}
    out.append("Violations (berth check): " + ", ".join(f"{LABEL[s]} {viol[s]} (in {bad[s]} placements)" for s in viol) + ".")
    codes = collections.Counter(str(r["solvers"]["berth"]["exit"]) for r in rows)
    out.append("Berth exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items())) + ".")
    imp = [r for r in rows if r["family"] == "impossible"]
    if imp:
        parts = [f"{r['instance']} ({r.get('kind')}): exit {r['solvers']['berth']['exit']}, "
                 f"{len(r['solvers']['berth'].get('conflicts', []))} conflicts {r['solvers']['berth'].get('conflicts', [])}"
                 for r in imp]
        n2 = sum(1 for r in imp if r["solvers"]["berth"]["exit"] == 2)
        out.append(f"Impossible: {n2}/{len(imp)} exit 2. " + "; ".join(parts) + ".")
    fl = [(r["instance"], f) for r in rows for f in r["flags"]]
    out.append("Peer disagreements / peer placements failing the checker: " + ("; ".join(f"{i}: {f}" for i, f in fl) if fl else "none") + ".")
    return out


def load_cache(path):
    cache = {}
    if path and os.path.exists(path):
        with (gzip.open(path, "rt") if path.endswith(".gz") else open(path)) as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    cache[(e["sha256"], e["solver"], float(e["peerTime"]))] = e["result"]
    return cache


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--instances", help="instance folder (generated there when it has no index.json; default: a temp folder)")
    ap.add_argument("--count-per-cell", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append", default=[], help="FAMILY, FAMILY/SIZE or an instance name (repeatable)")
    ap.add_argument("--peer-time", type=float, default=60.0, help="CP-SAT / HiGHS seconds per instance (default 60)")
    ap.add_argument("--berth-time", type=float, default=10.0, help="berth solve --time-limit (default 10)")
    ap.add_argument("--solvers", default="cpsat,highs", help="peers to run (default cpsat,highs)")
    ap.add_argument("--results", help="write one JSON line per instance here")
    ap.add_argument("--markdown", help="also write the Markdown table here")
    ap.add_argument("--cache", default=os.path.join(HERE, "results", "peer-cache.jsonl.gz"),
                    help="peer result cache (JSON lines, gzipped when the name ends in .gz)")
    ap.add_argument("--reuse-peers", action="store_true", help="take peer results from the cache when present")
    ap.add_argument("--nice", type=int, default=10, help="niceness of the peer runs (default 10; 0: none)")
    args = ap.parse_args()

    berth = os.environ.get("BERTH_BIN") or os.path.join(REPO, ".build", "release", "berth")
    if not (os.path.isfile(berth) and os.access(berth, os.X_OK)):
        sys.exit(f"compare.py: no Berth binary at {berth}: build it (swift build -c release) or set BERTH_BIN")
    global SOLVERS
    SOLVERS = [s for s in args.solvers.split(",") if s]

    # Run a private copy: the binary may be replaced while a long comparison runs.
    workdir = tempfile.mkdtemp(prefix="berth-placement-run-")
    berth_sha = sha256(berth)
    snapshot = os.path.join(workdir, "berth")
    shutil.copy2(berth, snapshot)
    berth_path, berth = berth, snapshot

    inst_dir = args.instances or tempfile.mkdtemp(prefix="berth-placement-")
    if not os.path.exists(os.path.join(inst_dir, "index.json")):
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--out", inst_dir,
                        "--count-per-cell", str(args.count_per_cell), "--seed", str(args.seed)], check=True)
    with open(os.path.join(inst_dir, "index.json")) as f:
        index = json.load(f)

    def selected(e):
        if not args.only:
            return True
        name = e["file"][:-5]
        return any(o in (e["family"], f"{e['family']}/{e['size']}", name, e["file"]) for o in args.only)

    entries = [e for e in index["instances"] if selected(e)]
    peers_sha = sha256(os.path.join(HERE, "peers.py"))
    cache = load_cache(args.cache)
    if args.cache:
        os.makedirs(os.path.dirname(os.path.abspath(args.cache)), exist_ok=True)
    try:
        import ortools
        ortools_v = ortools.__version__
    except ImportError:
        ortools_v = "?"
    try:
        from importlib.metadata import version
        highspy_v = version("highspy")
    except Exception:
        highspy_v = "?"
    meta = {"date": datetime.date.today().isoformat(), "berthBin": berth_path, "berthSha256": berth_sha[:12], "seed": index.get("seed"),
            "count": index.get("countPerCell"), "ortools": ortools_v, "highspy": highspy_v,
            "machine": f"{os.cpu_count()} CPUs, {os.uname().sysname} {os.uname().machine}"}
    results = open(args.results, "w") if args.results else None
    rows = []
    for n, e in enumerate(entries, 1):
        model = os.path.join(inst_dir, e["file"])
        digest = sha256(model)
        row = {"instance": e["file"][:-5], "family": e["family"], "size": e["size"], "objective": e["objective"],
               "berthSha256": berth_sha[:12],
               "hosts": e["hosts"], "vms": e["vms"], "kind": e.get("kind"), "sha256": digest,
               "berthTime": args.berth_time, "peerTime": args.peer_time, "solvers": {}}
        b, bpath = run_berth(berth, model, args.berth_time, workdir)
        row["solvers"]["berth"] = b
        for s in SOLVERS:
            ck = (digest, s, float(args.peer_time))
            if args.reuse_peers and ck in cache:
                r = dict(cache[ck], cached=True)  # a result of peers.py as it was then (peersSha256 in the cache)
            else:
                r = run_peer(s, model, args.peer_time, workdir, args.nice)
                r["peersSha256"] = peers_sha[:12]
                cache[ck] = r
                if args.cache:
                    with (gzip.open(args.cache, "at") if args.cache.endswith(".gz") else open(args.cache, "a")) as f:
                        f.write(json.dumps({"sha256": digest, "solver": s, "peerTime": float(args.peer_time),
                                            "peersSha256": peers_sha[:12], "result": r}) + "\n")
            row["solvers"][s] = r
        for s, r in row["solvers"].items():  # judge every placement with Berth's checker, measure it the same way
            r.pop("check", None)
            r.pop("metrics", None)
            if r.get("placementData"):
                p = os.path.join(workdir, f"check-{s}.json")
                with open(p, "w") as f:
                    json.dump(r["placementData"], f)
                r["check"] = check(berth, model, p)
                try:
                    r["metrics"] = measure(model, r["placementData"])
                except (KeyError, peers.Unsupported) as ex:
                    r["metrics"] = None
                    r["measureError"] = str(ex)
        row["verdict"], row["verdictText"] = verdict(row)
        row["flags"] = flags(row)
        rows.append(row)
        if results:
            slim = dict(row, solvers={s: {k: v for k, v in r.items() if k != "placementData"} for s, r in row["solvers"].items()})
            results.write(json.dumps(slim, default=str) + "\n")
            results.flush()
        brief = " | ".join(f"{LABEL[s]} {fmt_value(row['objective'], r.get('metrics'))} {fmt_status(r)} "
                           f"v={r.get('check', {}).get('violations', '-')}" for s, r in row["solvers"].items())
        print(f"[{n}/{len(entries)}] {row['instance']}: {brief} -> {row['verdict']}"
              + (f"  FLAGS: {row['flags']}" if row["flags"] else ""), file=sys.stderr, flush=True)
    if results:
        results.close()
    text = markdown(rows, args, meta)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
