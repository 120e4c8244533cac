#!/usr/bin/env bash
# Time-to-gap tables for docs/benchmarks.md: Anaheim, Chicago-Sketch and Berlin-Center on 1 and 2 threads.
# Each configuration runs REPEAT times, each in its own process (peak memory is per process) and each only
# once both cores have been at least 90 % idle for a second (the machine is shared); the table gives the
# fastest run's time per gap (the least disturbed) and the largest peak memory.
#   bench/traffic/run_benchmarks.sh [build dir] [repeat]
set -euo pipefail
build="${1:-build}"
repeat="${2:-5}"
bench="$build/bin/citytwin_bench_traffic"
[ -x "$bench" ] || { echo "no $bench: build the target citytwin_bench_traffic first" >&2; exit 1; }

idle() {  # percentage of idle CPU time over one second
    local a b c d e f g h t1 i1
    read -r _ a b c d e f g h _ < /proc/stat; t1=$((a + b + c + d + e + f + g + h)); i1=$d
    sleep 1
    read -r _ a b c d e f g h _ < /proc/stat
    echo $((100 * (d - i1) / (a + b + c + d + e + f + g + h - t1)))
}
waitIdle() {
    for _ in $(seq 1 600); do [ "$(idle)" -ge 90 ] && return; done
}

gaps="1e-04 1e-05 1e-06 1e-07 1e-08 1e-09 1e-10 1e-11 1e-12"
echo "| network | threads | $(echo $gaps | sed 's/ / | /g') | iterations | peak memory |"
echo "|---|---|$(for g in $gaps; do printf -- '---|'; done)---|---|"
for net in Anaheim Chicago-Sketch Berlin-Center; do
    for threads in 1 2; do
        runs=()
        for ((k = 0; k < repeat; k++)); do
            waitIdle
            runs+=("$("$bench" "$net" --threads "$threads" --gap 1e-12)")
        done
        row="| $net | $threads |"
        for g in $gaps; do
            t=$(for r in "${runs[@]}"; do echo "$r" | grep -o " $g:[0-9.]*" | cut -d: -f2; done | sort -n | head -1)
            row="$row ${t:--} |"
        done
        it=$(echo "${runs[0]}" | sed -n 's/.*, \([0-9]*\) iterations.*/\1/p')
        mem=$(for r in "${runs[@]}"; do echo "$r" | sed -n 's/peak memory (VmHWM) \([0-9.]*\) MB/\1/p'; done | sort -n | tail -1)
        echo "$row $it | $mem MB |"
    done
done
