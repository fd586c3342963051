#!/usr/bin/env bash
# Runs the public benchmarks and prints Markdown tables (release build).
# Usage: bash Benchmarks/run.sh [vbp|btrplace|cloudbalancing|roadef|all]   (all leaves out roadef)
# Data: ../shared/benchdata, or the folder named by BERTH_BENCHDATA.
# vbp knobs: BERTH_VBP_SAMPLE (instances i < K per class/n/d get the full solver; "all" for every
# one; default 1), BERTH_VBP_SOLVER_MAX_N (largest n given to the full solver; default 120) and
# BERTH_VBP_PER_GROUP (heuristics on instances i < K only; default: all 1,860), BERTH_VBP_MAX_N (skip
# larger instances) and BERTH_VBP_SOLVER_WHEN_FAR=1 (full solver only where the portfolio is > 1 bin off).
# roadef knobs: BERTH_ROADEF_SECONDS (per instance; default 300, the challenge's), BERTH_ROADEF_SEED,
# BERTH_ROADEF_ROUNDS (cap on rounds: the work no longer depends on the machine's speed),
# BERTH_ROADEF_INSTANCES (comma-separated, e.g. a2_2,a2_5), BERTH_ROADEF_SOLUTIONS (folder for the
# solution files), BERTH_ROADEF_SEARCHES (parallel searches; default 2), and the effort (see
# RoadefSolver.Effort): BERTH_ANNEAL_N (annealing moves per round), BERTH_ANNEAL / BERTH_ANNEAL_END
# (start / end temperature as multiples of the median worsening move), BERTH_HOME (moves home per
# 1,024), BERTH_POLISHERS, BERTH_LAHC_N, BERTH_LAHC_H, BERTH_CHAINS, BERTH_LNS_N, BERTH_LNS_K,
# BERTH_LNS_FREE, BERTH_LNS_SECONDS, BERTH_SPLIT (share of the run in split annealing; default 0),
# BERTH_EPOCH (split-annealing moves per thread and epoch), BERTH_REACH (0: random moves draw
# among all machines, not only those each process can reach).
# vbp: BERTH_VBP_ONLY (comma-separated instance names) runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product BerthBench >/dev/null
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
.build/release/BerthBench "${1:-all}"
