#!/usr/bin/env bash
# The main job on the bundled demo city (called by `packaging/setup.sh demo`): describe both demo scenarios.
# Later issues turn this into a flood run and, with a display, the viewer.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
cli="$build/bin/citytwin-cli"

for scenario in "$root/data/merewether/scenario.json" "$root/data/seoul_songpa/scenario.json"; do
    echo "== citytwin-cli info ${scenario#$root/}"
    "$cli" info "$scenario"
    echo
done
