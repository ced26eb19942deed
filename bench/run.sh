#!/usr/bin/env bash
# Builds and runs the path-engine benchmark, then times 1,000,000 paths of the default pilot
# with 1 and 2 threads and reports the wall time and peak memory (GNU time), checking that
# both give the same bytes; then the same for a 21 x 21 sensitivity grid (441 full evaluations).
# Needs Debian's libbenchmark-dev and time.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${ITSB_BENCH_DIR:-$root/build-bench}
for p in libbenchmark-dev time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        { echo "bench: install $p first (apt-get install $p)" >&2; exit 2; }
done
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DITSB_BUILD_BENCH=ON -DITSB_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >&2
"$build/bench/itsb_bench" --benchmark_min_time=2 | tee "$build/bench.txt"
# The anchor of issue 11's ratios, measured in this run: one bare Newton IRR by Horner's rule
# over a path's project flows, CPU ns.
anchor=$(awk '$1 == "BareNewtonIrrHorner" { print $4 }' "$build/bench.txt")
for threads in 1 2; do
    /usr/bin/time -f "1,000,000 paths, $threads thread(s): %e s wall, %U s user + %S s system CPU, %M KB peak resident" \
        -o "$build/sim-$threads.time" \
        "$build/cli/itsb" simulate --paths 1000000 --threads "$threads" --format json --output "$build/sim-$threads.json"
    cat "$build/sim-$threads.time"
done
cmp "$build/sim-1.json" "$build/sim-2.json" && echo "1 and 2 threads: identical bytes"
# The whole process's CPU time per path (draws, projection, schedule, metrics, percentiles,
# report) over the anchor's. The machine is shared, and a neighbour's load slows one timing by up
# to 40 % (the same command: 0.82 s to 1.30 s of user CPU in six runs back to back). Noise only
# ever adds time, so five rounds time the anchor alone and then one simulate run, and the ratio is
# the least simulate time over the least anchor time; each round's own ratio is shown beside it.
rm -f "$build/pairs.txt"
for round in 1 2 3 4 5; do
    roundAnchor=$("$build/bench/itsb_bench" --benchmark_filter='^BareNewtonIrrHorner$' --benchmark_min_time=0.5 2>/dev/null |
                  awk '$1 == "BareNewtonIrrHorner" { print $4 }')
    /usr/bin/time -f "%U %S" -o "$build/sim-round.time" \
        "$build/cli/itsb" simulate --paths 1000000 --threads 1 --format json --output "$build/sim-round.json"
    cmp -s "$build/sim-1.json" "$build/sim-round.json" || { echo "bench: simulate gave other bytes in round $round" >&2; exit 1; }
    awk -v anchor="$roundAnchor" '{ printf "%s %.0f\n", anchor, ($1 + $2) * 1e9 / 1000000 }' "$build/sim-round.time" >>"$build/pairs.txt"
done
awk '{ printf "round %d: anchor %s ns, simulate %s ns CPU a path: %.2f x\n", NR, $1, $2, $2 / $1
       a = (NR == 1 || $1 < a) ? $1 : a; s = (NR == 1 || $2 < s) ? $2 : s }
     END { printf "simulate: %s ns CPU a path (least of 5) = %.2f x one bare Horner IRR (%s ns, least of 5); target 3\n", s, s / a, a }' \
    "$build/pairs.txt"
big=(--grid /bond/coupon=0.03:0.07:0.0002 --grid /programme/service_lines/0/saving_rate=0.01:0.09:0.0004
     --metric npv_after_financing --format json)
/usr/bin/time -f "%e %U %S" -o "$build/grid-big.time" \
    "$build/cli/itsb" sensitivity "${big[@]}" --threads 2 --output "$build/grid-big.json"
awk -v anchor="$anchor" '{ per = ($2 + $3) * 1e9 / 40401;
     printf "201 x 201 grid on 2 threads: %.1f s wall; %.0f ns CPU a point = %.0f x one bare Horner IRR; target 50\n", $1, per, per / anchor }' \
    "$build/grid-big.time"
grid=(--grid /bond/coupon=0.03:0.07:0.002 --grid /programme/service_lines/0/saving_rate=0.01:0.09:0.004
      --metric npv_after_financing --format json)
for threads in 1 2; do
    /usr/bin/time -f "21 x 21 grid, $threads thread(s): %e s wall, %U s user CPU" \
        "$build/cli/itsb" sensitivity "${grid[@]}" --threads "$threads" --output "$build/grid-$threads.json"
done
cmp "$build/grid-1.json" "$build/grid-2.json" && echo "grid, 1 and 2 threads: identical bytes"
