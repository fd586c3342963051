#!/usr/bin/env bash
# Installs berth-ray (and Ray from PyPI) into .build-venv-ray and runs its tests on a single-node
# Ray against the debug `berth` that `swift build` left in .build/debug (BERTH_BIN overrides).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.build-venv-ray
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import ray" 2>/dev/null || "$VENV/bin/pip" install --quiet "ray>=2.9"
"$VENV/bin/pip" install --quiet --no-deps -e Sources/berth-ray
BERTH_BIN=${BERTH_BIN:-.build/debug/berth} "$VENV/bin/python" -m unittest discover -s Sources/berth-ray/tests -v
