#!/usr/bin/env bash
# `lentera-pack check --watch DIR` (issue 13): checks once at the start, then again each time
# a file in the folder changes, printing that run's diagnostics, until it is stopped.
# Usage: watch.sh LENTERA_PACK SOURCE_DIR
set -u
pack=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/../lib.sh" || exit 2
cp -r "$src/tests/fixtures/course/english" c
sed -i '/media\/clip.mp4/d' c/lesson.md
timeout 6 "$pack" check --watch c >out.txt 2>&1 &
pids+=($!)
sleep 2
sed -i '1s/^---$/--- broken/' c/lesson.md
sleep 2
sed -i '1s/^--- broken$/---/' c/lesson.md
wait "${pids[@]}"
is "$?" 124 "the watch ran until stopped"
is "$(grep -c '^--- .* checking c$' out.txt)" 3 "checked at the start and after each of 2 changes: $(cat out.txt)"
is "$(grep -c '^c: ok$' out.txt)" 2 "ok before the change and after the repair"
is "$(grep -c '^c/lesson.md:1:1: error: missing front matter' out.txt)" 1 "the broken file's diagnostic, once"
is "$(sed -n '/lesson.md:1:1/{n;p}' out.txt)" "1 error, 0 warnings; no pack written" "the summary follows"
# without --watch, check is one run with its exit code
"$pack" check c >once.txt 2>&1
is "$?" 0 "a plain check"
finish cli.watch
