#!/usr/bin/env bash
# Every statement the log exports passes @learninglocker/xapi-validation (offline).
# Usage: run.sh TEST_LOG_BINARY   (scripts/test.sh installs the npm package first)
set -u
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -d "$here/node_modules/@learninglocker/xapi-validation" ] ||
  { echo "FAIL: run 'npm install --no-package-lock' in tests/xapi (scripts/test.sh does)"; exit 1; }
"$1" "$tmp/usb" >/dev/null || { echo "FAIL: test_log"; exit 1; }
node "$here/validate.js" "$tmp/usb"
