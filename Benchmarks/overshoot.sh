#!/usr/bin/env bash
# Does --time-limit bound the whole command? Wall time of each command (process start to exit,
# reading the model included) against its limit, on public instances and a generated packing.
# Usage: Benchmarks/overshoot.sh [LIMITS...]   (default: 1 5 30)
# Reads ../shared/benchdata (or $BERTH_BENCHDATA); needs a release build (swift build -c release).
set -uo pipefail
cd "$(dirname "$0")/.."
BERTH=${BERTH_BIN:-.build/release/berth}
DATA=${BERTH_BENCHDATA:-../shared/benchdata}
LIMITS=("${@:-1 5 30}")
[ -x "$BERTH" ] || { echo "no $BERTH: run swift build -c release" >&2; exit 1; }
[ -d "$DATA/btrplace/std-perf" ] || { echo "no benchmark data in $DATA (set BERTH_BENCHDATA)" >&2; exit 1; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
# 500 VMs of random 2-D sizes on 500 hosts: unconstrained vector packing, minHosts.
python3 - "$WORK/packing-500.json" <<'PY'
import json, random, sys
rng = random.Random(500)
hosts = [{"id": f"h{i}", "capacity": {"cpu": 100, "memory": 100}, "state": "online"} for i in range(500)]
vms = [{"id": f"v{i}", "demand": {"cpu": rng.randint(5, 60), "memory": rng.randint(5, 60)}, "host": f"h{i}", "memoryMiB": 1024} for i in range(500)]
json.dump({"format": "berth/1", "resources": ["cpu", "memory"], "hosts": hosts, "vms": vms, "objective": "minHosts"}, open(sys.argv[1], "w"))
PY
echo "| command | instance | limit s | wall s | overshoot | exit |"
echo "|---|---|---|---|---|---|"
run() {  # name, limit, command...
    local name=$1 limit=$2; shift 2
    local start end code
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1; code=$?
    end=$(date +%s.%N)
    python3 -c "import sys; l=float(sys.argv[2]); w=float(sys.argv[4])-float(sys.argv[3]); print(f'| {sys.argv[1]} | {l:g} | {w:.2f} | {100*(w-l)/l:+.0f} % | {sys.argv[5]} |')" "$name" "$limit" "$start" "$end" "$code"
}
for limit in ${LIMITS[@]}; do
    for f in li6 nr6; do
        run "solve | btrplace $f" "$limit" "$BERTH" solve --format btrplace "$DATA/btrplace/std-perf/$f.json.gz" --time-limit "$limit"
    done
    run "solve | packing-500" "$limit" "$BERTH" solve "$WORK/packing-500.json" --time-limit "$limit"
    run "plan | seed001-maintenance-plan" "$limit" "$BERTH" plan Models/seed001-maintenance-plan.json --time-limit "$limit"
    run "consolidate | packing-500" "$limit" "$BERTH" consolidate "$WORK/packing-500.json" --time-limit "$limit" --quiet
    run "roadef-solve | a1_4" "$limit" "$BERTH" roadef-solve "$DATA/roadef2012/A/model_a1_4.txt" "$DATA/roadef2012/A/assignment_a1_4.txt" --time-limit "$limit"
    run "roadef-solve | a2_5" "$limit" "$BERTH" roadef-solve "$DATA/roadef2012/A/model_a2_5.txt" "$DATA/roadef2012/A/assignment_a2_5.txt" --time-limit "$limit"
done
