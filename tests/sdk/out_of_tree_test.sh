#!/usr/bin/env bash
# Installs the SDK from the build tree into a temporary prefix, builds examples/plugin/ against it as a third
# party would, and runs the result through citytwin-cli on the demo city.
set -euo pipefail
build=$1 source=$2 cli=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cmake --install "$build" --prefix "$tmp/sdk" --component sdk >/dev/null
test -f "$tmp/sdk/include/citytwin/sdk/sdk.h"
cmake -S "$source/examples/plugin" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$tmp/sdk" >/dev/null
cmake --build "$tmp/build" >/dev/null
test -f "$tmp/build/building_volume.so"

export CITYTWIN_PLUGIN_PATH="$tmp/build"
# Whole outputs first: grep -q stops reading at the first match, and the CLI's SIGPIPE then fails the pipe.
sims=$("$cli" sims)
grep -q "^building_volume  1.1.0" <<<"$sims" || { echo "$sims"; exit 1; }
grep -q '"id": "storey_height_m"' <<<"$("$cli" describe building_volume --json)"
"$cli" run "$source/data/seoul_songpa/scenario.json" --sim building_volume --set building_volume.class_width_m=20 \
    --out "$tmp/out" >"$tmp/run.log" 2>&1 || { cat "$tmp/run.log"; exit 1; }
test -f "$tmp/out/building_volume/buildings.gpkg"
grep -q "^0,20,1" "$tmp/out/building_volume/height_classes.csv" || { cat "$tmp/out/building_volume/height_classes.csv"; exit 1; }
grep -q '"id": "building_volume"' "$tmp/out/manifest.json"
# Total volume of the Jamsil buildings, recomputed from the vector output's own rows.
grep -q "^total_volume,Total building volume," "$tmp/out/building_volume/scalars.csv"
echo "out-of-tree example plug-in: built, loaded and run"
