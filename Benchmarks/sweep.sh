#!/usr/bin/env bash
# 100 what-if scenarios on the bundled workflow cluster (Benchmarks/sweep/workflow-100.json), answered
# three ways in one run: `berth sweep` in one process, with --jobs 2 worker processes, and by the
# Ray driver on a local single-node Ray (2 CPUs). Prints the wall times, their ratios, and whether
# the three tables agree row by row (seconds aside). Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product berth >/dev/null
BERTH=$PWD/.build/release/berth
SWEEP=Benchmarks/sweep/workflow-100.json
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
VENV=.build-venv-ray
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import ray" 2>/dev/null || "$VENV/bin/pip" install --quiet "ray>=2.9"
"$VENV/bin/pip" install --quiet --no-deps -e Sources/berth-ray
t() { local start=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $start" | bc; }
one=$(t "$BERTH" sweep $SWEEP --output "$OUT/one.jsonl" --quiet)
two=$(t "$BERTH" sweep $SWEEP --jobs 2 --output "$OUT/two.jsonl" --quiet)
ray=$(t "$VENV/bin/berth-ray" --num-cpus 2 --berth "$BERTH" sweep $SWEEP --output "$OUT/ray.jsonl")
python3 - "$OUT" "$one" "$two" "$ray" <<'PY'
import json, sys
out, one, two, ray = sys.argv[1], *map(float, sys.argv[2:])
load = lambda n: [{k: v for k, v in json.loads(l).items() if k != "seconds"} for l in open(f"{out}/{n}.jsonl")]
a, b, c = load("one"), load("two"), load("ray")
solve = sum(json.loads(l)["seconds"] for l in open(f"{out}/one.jsonl"))
print("| run | wall (s) | vs one process |")
print("|---|---|---|")
print(f"| berth sweep (1 process) | {one:.1f} | 1.00 |")
print(f"| berth sweep --jobs 2 | {two:.1f} | {one / two:.2f}× |")
print(f"| berth-ray (local, 2 CPUs) | {ray:.1f} | {one / ray:.2f}× |")
fits = sum(r["fits"] for r in a)
print(f"\n{len(a)} scenarios ({fits} fit), {solve:.1f} s of solving in all; rows identical: --jobs 2 {a == b}, Ray {a == c}")
PY
