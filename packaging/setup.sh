#!/usr/bin/env bash
# One-command set-up for CityTwin on Debian 12.
#   packaging/setup.sh demo   install what is missing, build, run the main job on the demo city in data/
#   packaging/setup.sh test   install what is missing, build, run the whole test suite
#   packaging/setup.sh build  install what is missing and build only
# Environment: CITYTWIN_BUILD_DIR (default build), CITYTWIN_JOBS (default 2).
set -euo pipefail

mode=${1:-demo}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CITYTWIN_BUILD_DIR:-$root/build}
jobs=${CITYTWIN_JOBS:-2}

case "$mode" in
    demo | test | build) ;;
    *)
        echo "usage: packaging/setup.sh [demo|test|build]" >&2
        exit 2
        ;;
esac

"$root/packaging/install-deps.sh"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j "$jobs"

case "$mode" in
    demo)
        exec "$root/packaging/run-demo.sh" "$build"
        ;;
    test)
        cd "$build"
        # Tests that render need an X server; xvfb-run gives them one when there is no display.
        if [[ -z "${DISPLAY:-}" ]]; then
            exec xvfb-run -a -s "-screen 0 1920x1080x24" ctest --output-on-failure -j "$jobs"
        fi
        exec ctest --output-on-failure -j "$jobs"
        ;;
esac
