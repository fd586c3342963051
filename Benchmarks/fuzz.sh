#!/usr/bin/env bash
# Fuzzes one reader of untrusted input with libFuzzer (AddressSanitizer on):
#   Benchmarks/fuzz.sh TARGET SECONDS     TARGET: instance | script | btrplace | roadef | placement | plan | progress | request
# Builds BerthFuzz with -sanitize=fuzzer into .build-fuzz, seeds the corpus from Models/ and the
# test fixtures, and runs for SECONDS. Crashes land in Benchmarks/fuzz-crashes/TARGET/; replay one
# with `swift run BerthFuzz TARGET FILE` (no sanitizer needed to see the trap).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz.sh TARGET SECONDS}
seconds=${2:-60}
case "$target" in instance|script|btrplace|roadef|placement|plan|progress|request) ;; *) echo "unknown target $target" >&2; exit 64 ;; esac
# BERTH_FUZZ_BIN=PATH runs an already built fuzzer (e.g. a copy, so that editing Sources/ during a
# long run neither rebuilds nor changes what is fuzzed).
if [ -n "${BERTH_FUZZ_BIN:-}" ]; then
    binary=$BERTH_FUZZ_BIN
else
    swift build -c release --product BerthFuzz --scratch-path .build-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >&2
    binary=$(swift build -c release --product BerthFuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld --show-bin-path)/BerthFuzz
fi
corpus=$(mktemp -d); crashes=Benchmarks/fuzz-crashes/$target
mkdir -p "$crashes"
trap 'rm -rf "$corpus"' EXIT
case "$target" in
    instance) cp Models/*.json Tests/BerthCLITests/Fixtures/hostile/*.json "$corpus"/ ;;  # the seed-001 and UCC models carry every network input
    script) cp Models/*.berth Tests/BerthCLITests/Fixtures/hostile/*.berth "$corpus"/ ;;
    btrplace) for f in Tests/BerthTests/Fixtures/btrplace/*; do case "$f" in *.gz) gunzip -c "$f" > "$corpus/$(basename "$f" .gz)" ;; *) cp "$f" "$corpus"/ ;; esac; done ;;
    roadef) for m in Tests/BerthTests/Fixtures/roadef/model_*.txt Tests/BerthCLITests/Fixtures/hostile/roadef-*-model.txt; do
                a=${m/model/assignment}; [ -f "$a" ] && cat "$m" "$a" > "$corpus/$(basename "$m")"; done ;;
    placement) printf '{"format": "berth-placement/1", "vms": {"v1": "a", "v2": "b", "v3": "b"}, "onlineHosts": ["a", "b"]}' > "$corpus/p.json" ;;
    progress) printf '{"format": "berth-progress/1", "actions": [{"id": 0, "status": "done"}, {"id": 1, "status": "running"}], "hostsDown": ["a"]}' > "$corpus/p.json"
              printf '{"format": "berth-progress/1", "actions": [{"id": 0, "status": "failed"}]}' > "$corpus/f.json" ;;
    request) for m in Models/demo-8hosts.json Models/workflow-cluster.json Models/workflow-whatif.json; do
                 for c in solve plan what-if drain consolidate; do
                     python3 -c 'import json,sys; print(json.dumps({"command": sys.argv[2], "model": json.load(open(sys.argv[1])), "hosts": "rack=r1", "grow": 1.2} if sys.argv[2] in ("drain",) else {"command": sys.argv[2], "model": json.load(open(sys.argv[1]))}))' "$m" "$c" > "$corpus/$c-$(basename "$m")"
                 done
             done ;;
    plan) cp Tests/BerthCLITests/Fixtures/hostile/plan-cycle.json "$corpus"/
          printf '{"format": "berth-plan/1", "actions": [{"id": 0, "kind": "migrate", "vm": "v1", "from": "a", "to": "b", "start": 0, "end": 10}]}' > "$corpus/p.json" ;;
esac
BERTH_FUZZ_TARGET=$target "$binary" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 | tail -15
