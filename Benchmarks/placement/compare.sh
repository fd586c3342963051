#!/usr/bin/env bash
# Berth vs OR-Tools CP-SAT vs HiGHS on generated placement instances.
# Creates Benchmarks/placement/.venv (ortools 9.15, highspy) on first use, then runs compare.py
# with the arguments given, e.g.
#   BERTH_BIN=/path/to/berth Benchmarks/placement/compare.sh --peer-time 20 --only consolidation/small
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import ortools, highspy' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet 'ortools==9.15.*' highspy
fi
exec "$venv/bin/python" "$here/compare.py" "$@"
