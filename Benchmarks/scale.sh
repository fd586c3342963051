#!/usr/bin/env bash
# One machine, 10× BtrPlace: BtrPlace std-perf-style instances (Benchmarks/scale/generate.py: li =
# load increase, nr = new requests) at 5,000 → 50,000 servers (30,000 → 300,000 VMs), each repaired
# by `berth solve --format btrplace` (its own independent check included), whole and in 2,500-host
# partitions (BtrPlace's partition size). Records the command's wall time, the solve time, peak RSS
# (GNU time) and the answer, prints a markdown table, and writes a log-log plot of time and memory
# against servers. Then li6 itself (from $BERTH_BENCHDATA or ../shared/benchdata, when present)
# in 2,500-host partitions on one core (BERTH_CORES=1 under taskset) and on two.
#
#   Benchmarks/scale.sh [SIZES]     SIZES: servers, default "5000 10000 20000 50000"
#   BERTH_SCALE_OUT=dir keeps the instances, results and plot there (default: a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"5000 10000 20000 50000"}
[ -x /usr/bin/time ] || { echo "scale.sh needs GNU time (apt-get install -y time)" >&2; exit 2; }
swift build -c release --product berth >/dev/null 2>&1
BERTH=$PWD/.build/release/berth
OUT=${BERTH_SCALE_OUT:-$(mktemp -d)}
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"
run() {  # run NAME FILE CORES EXTRA-ARGS...
    local name=$1 file=$2 cores=$3; shift 3
    local pin=""; [ "$cores" = 1 ] && pin="taskset -c 0"
    BERTH_CORES=$cores /usr/bin/time -f "%e %M" -o "$OUT/time.txt" $pin "$BERTH" solve --format btrplace "$file" \
        --time-limit 600 --json "$@" > "$OUT/out.json" 2> "$OUT/err.txt" || true
    python3 - "$name" "$cores" "$OUT" "$*" >> "$RESULTS" <<'PY'
import json, sys
name, cores, out, args = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
wall, rss = open(f"{out}/time.txt").read().split()[-2:]
d = json.load(open(f"{out}/out.json"))
solve = d.get("solve", {})
moves = d.get("moves", [])
print(json.dumps({
    "instance": name, "cores": cores, "partitioned": "--partition-size" in args, "status": d.get("status"),
    "hosts": solve.get("onlineHosts"), "wall": float(wall), "solve": solve.get("solveSeconds"), "rssMiB": int(rss) / 1024,
    "migrations": sum(1 for m in moves if m.get("from")), "boots": sum(1 for m in moves if not m.get("from")),
    "gap": solve.get("gap"), "violations": d.get("checked", {}).get("violations"),
}))
PY
}
for servers in $SIZES; do
    for family in li nr; do
        file=$OUT/$family-$servers.json.gz
        [ -f "$file" ] || python3 Benchmarks/scale/generate.py --family $family --nodes $servers --vms $((servers * 6)) -o "$file"
        run "$family-$servers" "$file" 2
        run "$family-$servers" "$file" 2 --partition-size 2500
    done
done
LI6=${BERTH_BENCHDATA:-../shared/benchdata}/btrplace/std-perf/li6.json.gz
if [ -f "$LI6" ]; then
    for cores in 1 2; do run li6 "$LI6" $cores --partition-size 2500; done
    for cores in 1 2; do run li6-whole "$LI6" $cores; done
else
    echo "($LI6 not found: the li6 speed-up is skipped; set BERTH_BENCHDATA)" >&2
fi
python3 Benchmarks/scale/report.py "$RESULTS" "$OUT/scale.svg"
echo "results: $RESULTS, plot: $OUT/scale.svg"
