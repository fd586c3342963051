#!/usr/bin/env bash
# The differential run: N random mutated instances (default 10,000) through every objective and
# mode, every placement judged by the checker and brute force, every plan checked at every
# instant and simulated; prints the counts. Usage: Benchmarks/differential.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
BERTH_DIFFERENTIAL_COUNT=${1:-10000} swift test --filter DifferentialTests 2>&1 | grep -E "differential:|✘|passed|failed"
