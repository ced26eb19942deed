#!/usr/bin/env bash
# Builds the libFuzzer target with clang (everything instrumented with AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs it for a bounded time, seeded with the examples and
# fuzz/seeds/ and guided by fuzz/itsb.dict. Fails on any crash, leak, timeout or sanitizer
# report; findings land in build-fuzz/findings/.
#
#   scripts/fuzz.sh [SECONDS]     (default 60)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${ITSB_FUZZ_DIR:-$root/build-fuzz}
seconds=${1:-60}
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DITSB_FUZZ=ON \
    -DITSB_BUILD_TESTS=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target itsb_fuzz >&2
mkdir -p "$build/corpus" "$build/findings"
cp "$root"/examples/*.json "$root"/fuzz/seeds/* "$build/corpus/"
cd "$build"
exec "$build/fuzz/itsb_fuzz" "$build/corpus" -dict="$root/fuzz/itsb.dict" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$build/findings/" -print_final_stats=1
