#!/bin/bash
# The city-scale runner (citytwin-flood-mpi, docs/scale-out.md) on the Merewether demo, started by CTest:
#   flood_mpi_cli_test.sh RUNNER CLI SOURCE_DIR MPIEXEC [FLAGS...]
# Each rank reads only its window of the terrain and builds its strip of the set-up; the outputs written by rank 0
# must be the bits of the single-process run of the flood plug-in (`citytwin-cli run`) on 2 and 3 ranks
# (1 to 3 ranks of the solver itself: mpi_test.cpp).
# The DEM is first put onto the model's 1 m grid (gdalwarp, once): on a grid that needs no resampling every window
# is copied exactly (a DEM that GDAL must resample can differ in the last bit of a few cells between windows,
# docs/scale-out.md).
set -euo pipefail
runner=$1
cli=$2
src=$3
shift 3
mpiexec=("$@")
work=$(mktemp -d /tmp/citytwin_flood_mpi_XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
cd "$work"
gdalwarp -q -te 382250 6354266 382570 6354681 -tr 1 1 -r bilinear -ot Float32 \
    "$src/data/merewether/merewether_dem_1m.tif" dem.tif
sed -e "s|\"merewether_dem_1m.tif\"|\"$work/dem.tif\"|" -e "s|\"merewether.gpkg\"|\"$src/data/merewether/merewether.gpkg\"|g" \
    "$src/data/merewether/scenario.json" > scenario.json
sets=(--set flood.duration_s=60 --set flood.output_interval_s=0)

"$cli" run scenario.json --out single --threads 1 "${sets[@]}" > single.log 2>&1 || { cat single.log; fail "the single-process run failed"; }
for n in 2 3; do
    "${mpiexec[@]}" -n "$n" "$runner" scenario.json --out "ranks$n" "${sets[@]}" > "ranks$n.log" 2>&1 ||
        { cat "ranks$n.log"; fail "the run on $n ranks failed"; }
    cat "ranks$n.log"
    for f in max_depth max_level max_speed max_hazard hazard_class time_of_inundation duration_above_threshold final_depth; do
        gdal_translate -q -of AAIGrid "single/flood/$f.tif" a.asc
        gdal_translate -q -of AAIGrid "ranks$n/flood/$f.tif" b.asc
        cmp -s a.asc b.asc || fail "$f on $n ranks differs from the single-process run"
    done
    grep -q '"mpi_ranks": "'"$n"'"\|"mpi_ranks": '"$n" "ranks$n/manifest.json" || fail "the manifest does not record $n ranks"
done
# The same books: the water budget's volumes agree with the single run to 1e-9 relative (rank sums are added in
# another order than one process adds the cells).
for s in rain_volume outflow_volume peak_depth; do
    a=$(grep "^$s," single/flood/scalars.csv | cut -d, -f3)
    b=$(grep "^$s," ranks3/flood/scalars.csv | cut -d, -f3)
    awk -v a="$a" -v b="$b" 'BEGIN { d = a - b; if (d < 0) d = -d; s = (a < 0 ? -a : a); exit !(d <= 1e-9 * (s > 1 ? s : 1)) }' ||
        fail "$s: $a (single) vs $b (3 ranks)"
done
# A parameter the runner does not map is refused, naming it (never silently ignored).
if "${mpiexec[@]}" -n 2 "$runner" scenario.json --out refused --set flood.rain_frame_layers=radar > refused.log 2>&1; then
    fail "an unsupported parameter was accepted"
fi
grep -q "flood.rain_frame_layers" refused.log || { cat refused.log; fail "the refusal does not name the parameter"; }
[ ! -e refused ] || fail "a refused run left a folder"
echo "PASS"
