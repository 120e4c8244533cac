#!/usr/bin/env bash
# The main job on the bundled demo city (called by `packaging/setup.sh demo`): a 100 mm/h one-hour cloudburst
# over Merewether (Newcastle, NSW) with the flood simulator, then
#   - with a display: the viewer opens on the demo with the flood results as layers;
#   - without one: the maximum flood depth is rendered to an image (through Xvfb).
# Results go to <build>/demo/. Set CITYTWIN_DEMO_NO_VIEWER=1 to render even when a display is present.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
bin="$build/bin"
scenario="$root/data/merewether/scenario.json"
out="$build/demo/merewether-flood"
image="$build/demo/merewether-flood.png"
mkdir -p "$build/demo"

echo "== citytwin-cli info: the demo city"
"$bin/citytwin-cli" info "$scenario"
echo
echo "== citytwin-cli run: flood simulation of a 100 mm/h cloudburst for one hour (results in ${out#$root/})"
"$bin/citytwin-cli" run "$scenario" --out "$out" --overwrite
echo

if [[ -n "${DISPLAY:-}" && -z "${CITYTWIN_DEMO_NO_VIEWER:-}" && -x "$bin/citytwin" ]]; then
    echo "== citytwin: opening the viewer with the flood results"
    exec "$bin/citytwin" "$scenario" --results "$out"
fi

echo "== citytwin-cli render: maximum flood depth (no display: rendering through Xvfb)"
render=("$bin/citytwin-cli" render "$scenario" --results "$out" --show flood.max_depth,flood.buildings
        --camera default --size 1920x1080 --title "Merewether: maximum depth of a 100 mm/h cloudburst"
        --out "$image")
if [[ -n "${DISPLAY:-}" ]]; then
    "${render[@]}"
else
    xvfb-run -a -s "-screen 0 1920x1080x24" "${render[@]}"
fi
echo "wrote $image"
