#!/usr/bin/env bash
# Installs the Debian 12 packages CityTwin needs to build, test and run — and nothing when all are present.
# This is the single list of build and run-time dependencies. Works as root, uses sudo otherwise.
set -euo pipefail

PACKAGES=(
    # toolchain
    build-essential cmake ninja-build pkg-config ccache git
    # GIS stack: rasters and vectors (GDAL), coordinate reference systems (PROJ), geometry (Boost.Geometry)
    libgdal-dev gdal-bin libproj-dev proj-bin proj-data libboost-dev
    # scenario and manifest files
    nlohmann-json3-dev
    # OD matrices in the Open Matrix format (OMX is HDF5) for traffic
    libhdf5-dev
    # tests and benchmarks
    libgtest-dev libgmock-dev googletest libbenchmark-dev
    # the sanitizer build of the test suite and the fuzz targets (clang with ASan, UBSan, libFuzzer and OpenMP)
    clang libclang-rt-14-dev libomp-14-dev
    # viewer: Qt 6 widgets + OpenGL, VTK 9 (never libvtk9-qt-dev: it is built against Qt 5)
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev libgl-dev libvtk9-dev
    # the interface translations (lupdate, lrelease: Qt6LinguistTools for CMake)
    qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools
    # headless rendering in CI and on machines without a display
    xvfb xauth
    # Hangul in the interface (Korean place, road and building names) and the font embedded in briefing PDFs
    fonts-nanum
    # map text with Hangul: font lookup (fontconfig) and the font's character maps (FreeType)
    libfontconfig-dev libfreetype-dev
    # MP4 (H.264) export of animations and the tests that check the videos (ffmpeg, ffprobe)
    ffmpeg
    # the briefing report's tests read its PDFs back (pdfinfo, pdffonts, pdftotext)
    poppler-utils
    # scale-out (docs/scale-out.md): MPI for ensembles and the flood solver across ranks (CITYTWIN_WITH_MPI), and
    # Slurm with MUNGE for the test that runs a generated job array on a real single-node Slurm
    openmpi-bin libopenmpi-dev slurm-wlm munge
)

missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all ${#PACKAGES[@]} packages are present"
    exit 0
fi

echo "install-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
else
    echo "install-deps: not root and no sudo; install these packages by hand: ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
