#!/usr/bin/env bash
# Builds the DocC documentation of the Berth library (Sources/Berth/Berth.docc: the overview, the
# getting-started article and every public symbol) into .build-docs/Berth.doccarchive.
# Uses the toolchain's docc; no package plugin needed. Warnings name broken symbol links.
set -euo pipefail
cd "$(dirname "$0")/.."
graphs=.build-docs/symbol-graphs
rm -rf "$graphs" && mkdir -p "$graphs"
swift build --target Berth --scratch-path .build-docs -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$PWD/$graphs" >/dev/null
find "$graphs" -type f ! -name 'Berth.symbols.json' ! -name 'Berth@*.symbols.json' -delete
docc convert Sources/Berth/Berth.docc --additional-symbol-graph-dir "$graphs" --output-path .build-docs/Berth.doccarchive \
    --fallback-display-name Berth --fallback-bundle-identifier dev.berth.Berth
echo "open .build-docs/Berth.doccarchive (docc preview Sources/Berth/Berth.docc --additional-symbol-graph-dir $graphs serves it)"
