#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine: installs the Debian packages itsb needs
# (when missing), configures and builds, then either runs `itsb` or the whole test suite.
#
#   scripts/quickstart.sh run [ITSB ARGS...]   build, then `itsb run` (the default pilot) or `itsb ARGS`
#   scripts/quickstart.sh test                 build, then every test (ctest); then the whole suite
#                                              again under ASan + UBSan (build-sanitize/), and the
#                                              fuzzer for 60 s (clang, build-fuzz/)
#   scripts/quickstart.sh test-fast            the first part only (for development)
#
# Environment: ITSB_BUILD_DIR (default build), ITSB_JOBS (default: all cores).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${ITSB_BUILD_DIR:-$root/build}
jobs=${ITSB_JOBS:-$(nproc)}
mode=${1:-run}
[ $# -gt 0 ] && shift

packages=(g++ make cmake pkg-config ccache
          libquantlib0-dev libboost-dev libboost-date-time-dev
          nlohmann-json3-dev libcli11-dev libfmt-dev libssl-dev doctest-dev libxlsxwriter-dev
          libsqlite3-dev coinor-libcbc-dev)
# The tests also open reports as a person would: the workbook in LibreOffice, the HTML in Chromium.
test_packages=(python3 python3-jsonschema locales libreoffice-calc-nogui chromium)
# The fuzzer uses clang's libFuzzer and its runtime libraries.
sanitize_packages=(clang libclang-rt-14-dev llvm)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "quickstart: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node.js and npm drive Chromium in the browser test. A machine may already have them from
# another source (nodesource's nodejs bundles npm and conflicts with Debian's npm package), so
# they are installed from Debian only when the commands are missing.
node_packages() {
    command -v node >/dev/null 2>&1 || echo nodejs
    command -v npm >/dev/null 2>&1 || echo npm
}

# The locale test compares output under de_DE.UTF-8 with C: the locale must exist.
ensure_german_locale() {
    locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo sed -i 's/^# *\(de_DE.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    grep -q '^de_DE.UTF-8 UTF-8' /etc/locale.gen || echo 'de_DE.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
    $sudo locale-gen >/dev/null
}

# Build progress goes to standard error, so `run` prints only the report on standard output.
# Fresh builds compile as unity builds (eight sources to a translation unit): the heavy headers
# (nlohmann/json, the standard library, doctest) are parsed and instantiated once per batch,
# which roughly halves a cold build on two cores.
build_itsb() {
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON "$@" >/dev/null
    cmake --build "$build" -j "$jobs" >&2
}

# Each step of the test command says on standard error how long it took, so a slow CI run shows where.
step() {
    echo "quickstart: $1 done after ${SECONDS} s" >&2
}

case "$mode" in
run)
    install_missing "${packages[@]}"
    build_itsb -DITSB_BUILD_TESTS=OFF
    if [ $# -eq 0 ]; then set -- run; fi
    exec "$build/cli/itsb" "$@"
    ;;
test|test-fast)
    # One apt transaction for everything the tests need (one index update, one dependency solve).
    extra=()
    [ "$mode" = test ] && extra=("${sanitize_packages[@]}")
    install_missing "${packages[@]}" "${test_packages[@]}" "${extra[@]}" $(node_packages)
    ensure_german_locale
    step "packages"
    build_itsb -DITSB_BUILD_TESTS=ON
    step "release build"
    (cd "$build" && ctest --output-on-failure -j "$jobs")
    step "tests"
    [ "$mode" = test-fast ] && exit 0
    # The whole suite again with AddressSanitizer and UndefinedBehaviorSanitizer (GCC, like the
    # release build, so the golden outputs compare to the bit), then the fuzzer over the whole
    # input path for a bounded time (clang's libFuzzer, its own build folder: scripts/fuzz.sh).
    sanitize=${ITSB_SANITIZE_DIR:-$root/build-sanitize}
    cmake -S "$root" -B "$sanitize" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DITSB_SANITIZE=ON -DITSB_BUILD_TESTS=ON \
        -DCMAKE_UNITY_BUILD=ON >/dev/null
    cmake --build "$sanitize" -j "$jobs" >&2
    step "sanitizer build"
    (cd "$sanitize" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")
    step "tests under sanitizers"
    "$root/scripts/fuzz.sh" "${ITSB_FUZZ_SECONDS:-60}"
    ;;
*)
    echo "usage: scripts/quickstart.sh run [ITSB ARGS...] | test | test-fast" >&2
    exit 2
    ;;
esac
