#!/usr/bin/env bash
# One-command set-up for CityTwin on Debian 12.
#   packaging/setup.sh demo   install what is missing, build, run the main job on the demo city in data/
#   packaging/setup.sh test   install what is missing, build, run the whole test suite
#   packaging/setup.sh build  install what is missing and build only
# Environment: CITYTWIN_BUILD_DIR (default build), CITYTWIN_SANITIZE_BUILD_DIR (default build-sanitize, test mode),
# CITYTWIN_JOBS (default 2).
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
        # 1. The whole suite on the normal build. Tests that render need an X server; xvfb-run gives them one
        #    when there is no display.
        run_ctest=(ctest --test-dir "$build" --output-on-failure -j "$jobs")
        if [[ -z "${DISPLAY:-}" ]]; then
            xvfb-run -a -s "-screen 0 1920x1080x24" "${run_ctest[@]}"
        else
            "${run_ctest[@]}"
        fi
        # 2. The suite again (minus the slow and rendering tests) under AddressSanitizer + UBSan, built with clang
        #    without the viewer, and the fuzz targets: a bounded run each plus their regression inputs
        #    (docs/reliability.md). A memory error or undefined behaviour fails here.
        #    CITYTWIN_SANITIZE=0 skips it.
        if [[ "${CITYTWIN_SANITIZE:-1}" == 0 ]]; then
            echo "setup.sh: the sanitizer stage is skipped (CITYTWIN_SANITIZE=0)"
            exit 0
        fi
        sanitize=${CITYTWIN_SANITIZE_BUILD_DIR:-$root/build-sanitize}
        cmake -S "$root" -B "$sanitize" --preset sanitize
        cmake --build "$sanitize" -j "$jobs"
        # intercept_tls_get_addr=0 and the suppressions: see tests/lsan.supp.
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 LSAN_OPTIONS="suppressions=$root/tests/lsan.supp" \
            ctest --test-dir "$sanitize" --output-on-failure -j "$jobs" -LE "slow|render"
        ;;
esac
