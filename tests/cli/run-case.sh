#!/usr/bin/env bash
# One CLI case: runs `lentera-pack check .` and `lentera-pack build .` inside a copy of
# CASE/course and requires the exact diagnostics of CASE/expected.txt on stderr, the exit
# code in CASE/exit, and (when that code is not 0) that build left no file behind at all.
# Usage: run-case.sh LENTERA_PACK CASE_DIR
set -u
pack=$(realpath "$1") case_dir=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -rL "$case_dir/course" "$tmp/course"
want_exit=$(cat "$case_dir/exit")
fail=0

cd "$tmp/course"
"$pack" check . >/dev/null 2>"$tmp/check.txt"
got=$?
[ "$got" = "$want_exit" ] || { echo "check: exit $got, expected $want_exit"; fail=1; }
diff -u "$case_dir/expected.txt" "$tmp/check.txt" || { echo "check: diagnostics differ"; fail=1; }

"$pack" keygen -W -p "$tmp/k.pub" -s "$tmp/k.key" >/dev/null || exit 2
before=$(cd "$tmp" && find . | sort)
"$pack" build . -s "$tmp/k.key" -o "$tmp/out.lentera" >/dev/null 2>"$tmp/build.txt"
got=$?
[ "$got" = "$want_exit" ] || { echo "build: exit $got, expected $want_exit"; fail=1; }
diff -u "$case_dir/expected.txt" "$tmp/build.txt" || { echo "build: diagnostics differ"; fail=1; }
if [ "$want_exit" != 0 ]; then
  after=$(cd "$tmp" && find . | grep -v '^./build.txt$' | sort)
  [ "$before" = "$after" ] || { echo "build left files behind:"; diff <(echo "$before") <(echo "$after"); fail=1; }
fi
[ $fail = 0 ] && echo "ok: $(basename "$case_dir")"
exit $fail
