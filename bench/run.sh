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
"$build/bench/itsb_bench" --benchmark_min_time=2
for threads in 1 2; do
    /usr/bin/time -f "1,000,000 paths, $threads thread(s): %e s wall, %M KB peak resident" \
        "$build/cli/itsb" simulate --paths 1000000 --threads "$threads" --format json --output "$build/sim-$threads.json"
done
cmp "$build/sim-1.json" "$build/sim-2.json" && echo "1 and 2 threads: identical bytes"
grid=(--grid /bond/coupon=0.03:0.07:0.002 --grid /programme/service_lines/0/saving_rate=0.01:0.09:0.004
      --metric npv_after_financing --format json)
for threads in 1 2; do
    /usr/bin/time -f "21 x 21 grid, $threads thread(s): %e s wall, %U s user CPU" \
        "$build/cli/itsb" sensitivity "${grid[@]}" --threads "$threads" --output "$build/grid-$threads.json"
done
cmp "$build/grid-1.json" "$build/grid-2.json" && echo "grid, 1 and 2 threads: identical bytes"
