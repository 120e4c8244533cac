#!/bin/bash
# Ensembles from the command line, as users run them (docs/scale-out.md). Run by CTest:
#   ensemble_cli_test.sh mpi-run    CLI SOURCE_DIR MPIEXEC [FLAGS...]  8 members on 2 MPI ranks, a rerun, collect
#   ensemble_cli_test.sh mpi-resume CLI SOURCE_DIR MPIEXEC [FLAGS...]  kill -9 the whole job half-way, rerun
#   ensemble_cli_test.sh slurm      CLI SOURCE_DIR                     a real single-node Slurm (munged, slurmctld,
#                                                                      slurmd from Debian) runs the generated job
#                                                                      array, then the collect job
# Every check prints what it expected; the first that fails ends the script with status 1.
set -euo pipefail
mode=$1
cli=$2
src=$3
shift 3
mpiexec=("$@")

work=$(mktemp -d /tmp/citytwin_ensemble_XXXXXX)
daemons=()
cleanup() {
    local p
    for p in "${daemons[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 0.5
    for p in "${daemons[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
cd "$work"

# A small piece of the Merewether DEM (60 x 50 m, run at 2 m) with free outflow to the north.
gdal_translate -q -srcwin 150 150 60 50 "$src/data/merewether/merewether_dem_1m.tif" dem.tif
cat > scenario.json <<'EOF'
{"citytwin_scenario": 1, "name": "Merewether corner", "crs": "EPSG:32756", "resolution": 2.0, "terrain": "dem.tif",
 "simulators": {"flood": {"duration_s": 300, "rain_duration_s": 120, "output_interval_s": 0,
                          "boundary_north": "free_outflow", "boundary_east": "free_outflow",
                          "boundary_south": "closed", "boundary_west": "closed"}}}
EOF
members_json() {  # $1: intensities (JSON list), $2: duration [s]
    cat <<EOF
{"citytwin_ensemble": 1, "name": "corner storms", "base": "scenario.json",
 "set": {"flood.duration_s": $2},
 "axes": [{"name": "i", "parameter": "flood.rain_intensity_mm_per_h", "values": $1},
          {"name": "d", "parameter": "flood.rain_duration_s", "values": [60, 120]}],
 "member_name": "i{i}_d{d}",
 "collect": {"rasters": ["flood.max_depth"], "exceedance": {"flood.max_depth": 0.05}}}
EOF
}
complete_members() { find out/members -mindepth 2 -maxdepth 2 -name manifest.json 2>/dev/null | wc -l; }

case "$mode" in
mpi-run)
    members_json "[20, 40, 60, 80]" 300 > ens.json
    "${mpiexec[@]}" -n 2 "$cli" ensemble run ens.json --out out > run1.log 2>&1 || { cat run1.log; fail "the ensemble run failed"; }
    cat run1.log
    [ "$(complete_members)" -eq 8 ] || fail "expected 8 complete member folders, found $(complete_members)"
    grep -q "8 members run, 0 skipped" run1.log || fail "expected the summary '8 members run, 0 skipped'"
    # Both ranks took members (dynamically: each asks rank 0 for the next when it is free).
    for r in 0 1; do
        grep -q "^\[rank $r of 2\] member .*: completed" run1.log || fail "rank $r ran no member"
    done
    # Each member is the run of its own scenario file, as `citytwin-cli run` writes it.
    "$cli" run out/scenarios/i60_d120.json --out direct --threads 1 > direct.log 2>&1 || { cat direct.log; fail "direct run failed"; }
    for f in max_depth max_speed time_of_inundation; do
        gdal_translate -q -of AAIGrid "out/members/i60_d120/flood/$f.tif" member.asc
        gdal_translate -q -of AAIGrid "direct/flood/$f.tif" direct.asc
        cmp -s member.asc direct.asc || fail "member i60_d120's $f differs from the direct run of its scenario"
    done
    # A rerun skips them all.
    "${mpiexec[@]}" -n 2 "$cli" ensemble run ens.json --out out > run2.log 2>&1 || { cat run2.log; fail "the rerun failed"; }
    grep -q "0 members run, 8 skipped" run2.log || { cat run2.log; fail "expected the rerun to skip all 8 members"; }
    # Collect: one table row per member, the summary rasters, a run folder.
    "$cli" ensemble collect ens.json --out out > collect.log 2>&1 || { cat collect.log; fail "collect failed"; }
    cat collect.log
    [ "$(grep -c . out/collected/ensemble/members.csv)" -eq 9 ] || fail "expected a header and 8 rows in members.csv"
    for f in flood_max_depth_max flood_max_depth_mean flood_max_depth_exceeds_0_05; do
        [ -s "out/collected/ensemble/$f.tif" ] || fail "collect wrote no ensemble/$f.tif"
    done
    grep -q '"citytwin_run": 2' out/collected/manifest.json || fail "the collected folder has no run manifest"
    [ "$(grep -c '"manifest_sha256"' out/collected/manifest.json)" -eq 8 ] || fail "expected the 8 members' manifests as provenance"
    ;;
mpi-resume)
    # 16 members of about a second each on 2 ranks; killed (SIGKILL, the whole job) after the first ones.
    members_json "[10, 20, 30, 40, 50, 60, 70, 80]" 900 > ens.json
    setsid "${mpiexec[@]}" -n 2 "$cli" ensemble run ens.json --out out > run1.log 2>&1 &
    job=$!
    for _ in $(seq 1 600); do
        [ "$(complete_members)" -ge 3 ] && break
        kill -0 "$job" 2>/dev/null || break
        sleep 0.1
    done
    # SIGKILL to every process of the job's session (mpirun and its ranks, which Open MPI puts in process
    # groups of their own), by their ids: a node that dies cannot clean up either.
    kill -9 $(ps -eo pid=,sid= | awk -v s="$job" '$2 == s { print $1 }') 2>/dev/null || true
    wait "$job" 2>/dev/null || true
    for _ in $(seq 1 50); do
        [ -z "$(ps -eo pid=,sid= | awk -v s="$job" '$2 == s { print $1 }')" ] && break
        sleep 0.1
    done
    before=$(complete_members)
    partial=$(find out/members -maxdepth 1 -name '*.partial-*' | wc -l)
    echo "killed with $before members complete and $partial half-written"
    [ "$before" -ge 3 ] || { cat run1.log; fail "the job ended before 3 members were complete"; }
    [ "$before" -lt 16 ] || fail "the job finished before it could be killed; make the members longer"
    "${mpiexec[@]}" -n 2 "$cli" ensemble run ens.json --out out > run2.log 2>&1 || { cat run2.log; fail "the resumed run failed"; }
    cat run2.log
    [ "$(complete_members)" -eq 16 ] || fail "expected 16 complete members after the resume, found $(complete_members)"
    grep -q "$((16 - before)) members run, $before skipped" run2.log || fail "expected $((16 - before)) run and $before skipped"
    left=$(find out/members -maxdepth 1 \( -name '*.partial-*' -o -name '*.old-*' \) | wc -l)
    [ "$left" -eq 0 ] || fail "$left staging folders of the killed run are still there"
    ;;
slurm)
    members_json "[20, 40, 60]" 300 > ens.json
    # A real single-node Slurm in this folder: munged with its own socket and key, slurmctld and slurmd on
    # ports of their own (derived from this process id, so that parallel tests do not collide).
    command -v slurmctld > /dev/null || fail "slurmctld is not installed (Debian: slurm-wlm munge)"
    mkdir -p munge state spool
    chmod 700 munge
    if [ -r /etc/munge/munge.key ]; then cp /etc/munge/munge.key munge/munge.key; else dd if=/dev/urandom of=munge/munge.key bs=1 count=1024 status=none; fi
    chmod 600 munge/munge.key
    munged -f --socket="$work/munge/munge.socket" --key-file="$work/munge/munge.key" --log-file="$work/munge/munged.log" \
        --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed"
    daemons+=("$(cat munge/munged.pid)")
    port=$((20000 + ($$ % 2000) * 2))
    host=$(hostname)
    cat > slurm.conf <<EOF
ClusterName=citytwintest
SlurmctldHost=$host
SlurmUser=$(id -un)
SlurmdUser=$(id -un)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF=$work/slurm.conf
    slurmctld -D > slurmctld.out 2>&1 &
    daemons+=("$!")
    slurmd -D > slurmd.out 2>&1 &
    daemons+=("$!")
    for _ in $(seq 1 100); do
        sinfo -h -o %t 2>/dev/null | grep -q idle && break
        sleep 0.2
    done
    sinfo -h -o %t | grep -q idle || { cat slurmctld.log slurmd.log; fail "the test Slurm did not come up"; }
    sinfo
    wait_job() {  # $1: job id; waits until it has left the queue (120 s at most)
        for _ in $(seq 1 600); do
            [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
            sleep 0.2
        done
        fail "Slurm job $1 did not end within 120 s"
    }
    "$cli" ensemble run ens.json --out out --slurm --array-tasks 4 --cpus-per-task 1 > slurm.log
    cat slurm.log out/slurm/ensemble.sbatch
    jid=$(sbatch --parsable out/slurm/ensemble.sbatch)
    jid=${jid%%;*}
    cid=$(sbatch --parsable --dependency=afterany:"$jid" out/slurm/collect.sbatch)
    cid=${cid%%;*}
    wait_job "$jid"
    wait_job "$cid"
    cat out/slurm/task-*.out out/slurm/collect-*.out
    [ "$(complete_members)" -eq 6 ] || fail "expected 6 complete members after the array job, found $(complete_members)"
    [ "$(ls out/slurm/task-*.out | wc -l)" -eq 4 ] || fail "expected the logs of 4 array tasks"
    [ "$(grep -c . out/collected/ensemble/members.csv)" -eq 7 ] || fail "the collect job wrote no table of 6 members"
    # Resubmitting resumes: the member removed is the only one run.
    rm -rf out/members/i40_d60
    jid=$(sbatch --parsable out/slurm/ensemble.sbatch)
    wait_job "${jid%%;*}"
    [ "$(complete_members)" -eq 6 ] || fail "the resubmitted array did not redo the removed member"
    [ "$(cat out/slurm/task-"${jid%%;*}"_*.out | grep -c 'skipped (complete')" -eq 5 ] || fail "expected 5 members skipped on resubmission"
    ;;
*)
    fail "unknown mode $mode"
    ;;
esac
echo "PASS: $mode"
