#!/usr/bin/env bash
# Solves every bundled model and prints the MIP size and the solve time (release build).
# Usage: bash Benchmarks/models.sh [extra berth solve flags]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product berth >/dev/null
printf '%-28s %-10s %8s %8s %9s %8s %7s %9s\n' model status columns rows nonzeros hosts moves seconds
for model in Models/*.json; do
    case "$model" in *-sweep.json) continue ;; esac  # sweeps, not models
    set +e
    json=$(.build/release/berth solve "$model" --json "$@")
    set -e
    python3 - "$model" "$json" <<'PY'
import json, sys
model, text = sys.argv[1], sys.argv[2]
r = json.loads(text)
if r.get("status") in ("optimal", "feasible"):
    k = r["solve"]; m = k["mip"]
    print(f"{model.split('/')[-1]:<28} {r['status']:<10} {m['columns']:>8} {m['rows']:>8} {m['nonzeros']:>9} {k['onlineHosts']:>8} {k['migrations']:>7} {k['solveSeconds']:>9.3f}")
else:
    print(f"{model.split('/')[-1]:<28} {r.get('status'):<10}")
PY
done
