#!/usr/bin/env bash
# Regenerates every example's expected outputs (examples/expected/NAME/) with the built
# `itsb`: run.json, run.txt and csv/ for each, plus the extra outputs listed in
# examples/golden.txt. Run it only for an intended change, then review `git diff examples/expected`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
itsb=${ITSB:-$root/build/cli/itsb}
[ -x "$itsb" ] || { echo "build itsb first (scripts/quickstart.sh test), or set ITSB" >&2; exit 2; }
for input in "$root"/examples/*.json; do
    name=$(basename "$input" .json)
    out="$root/examples/expected/$name"
    rm -rf "$out"
    mkdir -p "$out"
    "$itsb" run "$input" --format json --output "$out/run.json"
    "$itsb" run "$input" --format table --output "$out/run.txt"
    "$itsb" run "$input" --format csv --output "$out/csv/"
    echo "refreshed examples/expected/$name"
done
while read -r name file args; do
    case "$name" in ''|'#'*) continue ;; esac
    input="$root/examples/$name.json"
    # shellcheck disable=SC2086
    set -- $args
    for i in "$@"; do shift; if [ "$i" = FILE ]; then set -- "$@" "$input"; else set -- "$@" "$i"; fi; done
    "$itsb" "$@" --output "$root/examples/expected/$name/$file"
    echo "refreshed examples/expected/$name/$file"
done < "$root/examples/golden.txt"
