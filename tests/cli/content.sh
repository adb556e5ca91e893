#!/usr/bin/env bash
# Every course in content/ builds without a single warning or error, with a fresh key, and
# the pack verifies (the videos are made first, as the README's commands do). Usage: content.sh LENTERA_PACK CONTENT_DIR
set -u
pack=$(realpath "$1") content=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$content/make-videos.sh" >/dev/null || { echo "FAIL: content/make-videos.sh"; exit 1; }
"$pack" keygen -W -p "$tmp/k.pub" -s "$tmp/k.key" >/dev/null || exit 2
pass=0 fail=0
for course in "$content"/*/; do
  [ -f "$course/course.md" ] || continue
  name=$(basename "$course")
  if "$pack" build "$course" -s "$tmp/k.key" -o "$tmp/$name.lentera" >/dev/null 2>"$tmp/err"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL: $name does not build"
  fi
  if [ -s "$tmp/err" ]; then fail=$((fail + 1)); echo "FAIL: $name has diagnostics:"; cat "$tmp/err"; fi
  if "$pack" verify "$tmp/$name.lentera" -p "$tmp/k.pub" >/dev/null; then pass=$((pass + 1));
  else fail=$((fail + 1)); echo "FAIL: $name does not verify"; fi
done
[ $pass -gt 0 ] || { echo "FAIL: no course found in $content"; fail=$((fail + 1)); }
echo "content: $pass passed, $fail failed"
[ "$fail" = 0 ]
