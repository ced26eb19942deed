#!/bin/sh
# run.sh ITSB_BINARY OUTPUT_DIR: opens every HTML report in headless Chromium (check_html.mjs).
# playwright-core drives Debian's /usr/bin/chromium; it never downloads a browser of its own.
# It is installed from the committed package-lock.json the first time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/playwright-core" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node "$here/check_html.mjs" "$@"
