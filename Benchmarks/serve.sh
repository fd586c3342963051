#!/usr/bin/env bash
# `berth serve` under load and under an API fuzzer, against a release build on a free port:
#   1. load: 200 small solves from 8 concurrent clients (and 40 plans), p50/p90/p99 latency (Benchmarks/serve/load.py);
#   2. fuzz: schemathesis (from PyPI, in .build-venv) generates requests from the OpenAPI document
#      and checks every answer: no 5xx, answers as documented, JSON errors.
# Usage: bash Benchmarks/serve.sh [--no-fuzz]   (BERTH_FUZZ_EXAMPLES=N, default 100 per operation)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product berth >/dev/null
DB=$(mktemp -d)/jobs.sqlite
OUT=$(mktemp)
.build/release/berth serve --port 0 --db "$DB" --max-jobs 2 --max-queue 1000 >"$OUT" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$OUT" && break; sleep 0.1; done
PORT=$(grep -o '[0-9]*$' "$OUT")
echo "| load | answered | statuses | p50 (ms) | p90 (ms) | p99 (ms) | throughput |"
echo "|---|---|---|---|---|---|---|"
python3 Benchmarks/serve/load.py "$PORT" --jobs 200 --clients 8
python3 Benchmarks/serve/load.py "$PORT" --jobs 40 --clients 8 --command plan --model Models/workflow-cluster.json
if [ "${1:-}" != "--no-fuzz" ]; then
    VENV=.build-venv
    [ -x "$VENV/bin/st" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet schemathesis; }
    # positive_data_acceptance is left out: a berth/1 model's validity (ids that refer to each other,
    # bounds) goes beyond what JSON Schema states, so schema-valid models are often (rightly) refused.
    "$VENV/bin/st" run "http://127.0.0.1:$PORT/v1/openapi.yaml" --checks all --exclude-checks positive_data_acceptance \
        --max-examples "${BERTH_FUZZ_EXAMPLES:-100}" --request-timeout 60 --suppress-health-check all 2>&1 | tail -40
fi
kill -TERM $SERVER; wait $SERVER; echo "server stopped gracefully: exit $?"
