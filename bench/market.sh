#!/usr/bin/env bash
# Times the market place (issue 13): `itsb market suggest E07000223` (target: well under a second)
# and `itsb market match` England-wide for the back office with groups of up to 2, 3 and 4
# (target for 4: a proven optimum in under 2 minutes on two cores), under GNU time: wall time,
# CPU, peak memory, and each match's answer (objective, gap, proven, the solver's seconds).
# The anchor, timed in the same run, is the same kind of work on a small instance: the South
# East's 70 councils in groups of up to three, proven optimal in about a second, so a slower or
# busier machine shows in the anchor too. Usage: bench/market.sh [MAX_SECONDS for each match,
# default 900].
# Needs Debian's time; builds itsb in build-bench/ as bench/run.sh does.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${ITSB_BENCH_DIR:-$root/build-bench}
limit=${1:-900}
dpkg-query -W -f='${Status}' time 2>/dev/null | grep -q "install ok installed" ||
    { echo "bench: install time first (apt-get install time)" >&2; exit 2; }
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DITSB_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target itsb >&2
itsb=$build/cli/itsb
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/market.db  # a fresh database: no listings, every council takes part

# The anchor: the least of three.
for round in 1 2 3; do
    /usr/bin/time -f "%e" -o "$work/anchor-$round.time" \
        "$itsb" market match --region "South East" --max-size 3 --db "$db" --format json --output "$work/anchor.json"
done
anchor=$(sort -g "$work"/anchor-*.time | head -1)
echo "anchor: match --region \"South East\" --max-size 3 (70 councils, proven): $anchor s wall (least of 3)"

for round in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$work/suggest-$round.time" \
        "$itsb" market suggest E07000223 --db "$db" --format json --output "$work/suggest.json"
done
sort -g "$work"/suggest-*.time | head -1 |
    awk -v a="$anchor" '{ printf "suggest E07000223: %s s wall (least of 5), %d KB peak resident; %.2f x the anchor; target: well under a second\n", $1, $2, $1 / a }'

for size in 2 3 4; do
    /usr/bin/time -f "%e %U %M" -o "$work/match-$size.time" \
        "$itsb" market match --max-size "$size" --max-seconds "$limit" --db "$db" --format json --output "$work/match-$size.json"
    python3 - "$work/match-$size.json" "$work/match-$size.time" "$size" "$anchor" <<'EOF'
import json, sys
result = json.load(open(sys.argv[1]))
wall, user, peak = open(sys.argv[2]).read().split()
print(f"match --max-size {sys.argv[3]}: {wall} s wall, {user} s CPU, {int(peak) // 1024} MB peak; "
      f"{float(wall) / float(sys.argv[4]):.1f} x the anchor; {result['candidates']:,} candidates, "
      f"{result['packed'] - result['dominated']:,} after the dominance reduction; solver {result['seconds']} s, "
      f"objective {result['objective']:,.2f}, bound {result['bound']:,.2f}, gap {result['gap']:.6%}, "
      f"proven {str(result['proven']).lower()}, {len(result['consortia'])} consortia")
EOF
done
