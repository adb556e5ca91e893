#!/usr/bin/env bash
# Hostile packs (made at test time by make_cases.py from a real pack): every one is refused
# by `lentera-pack verify` and `lentera-player --import` with its specific message, and the
# player's library, log and folder are exactly as before; nothing is written elsewhere.
# Usage: run.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
"$pack" keygen -W -p pub.pub -s sec.key >/dev/null
"$pack" keygen -W -p other.pub -s other.key >/dev/null
mk() { rm -rf c && cp -r "$src/tests/fixtures/course/perjalanan" c && sed -i "s/^version: .*/version: $1/" c/course.md &&
  SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s sec.key -o "$2" >/dev/null 2>&1; }
mk 1.1.0 good.lentera || { echo "FAIL: cannot build the base pack"; exit 1; }
n=$(python3 "$src/tests/hostile/make_cases.py" good.lentera sec.key other.key cases) || exit 1
# a library holding 1.1.0, to refuse older versions against
P() { "$player" --data-dir data "$@"; }
P --trust pub.pub >/dev/null && P --import good.lentera >/dev/null
state() { (cd data && find . -type f -print0 | sort -z | xargs -0 sha256sum; sqlite3 log.sqlite .dump | sha256sum); }
before=$(state)
touch out.txt
outside=$(find "$tmp" -maxdepth 1 | sort)
while IFS=$'\t' read -r name where expect; do
  f=cases/$name.lentera
  for tool in verify import; do
    [ "$where" = both ] || [ "$where" = "$tool" ] || continue
    if [ $tool = verify ]; then "$pack" verify "$f" -p pub.pub >out.txt 2>&1; else P --import "$f" >out.txt 2>&1; fi
    code=$?
    if [ $code = 1 ] && grep -qE "$expect" out.txt; then pass=$((pass + 1)); else
      fail=$((fail + 1)); echo "FAIL: $name ($tool): exit $code, expected 1 and /$expect/:"; cat out.txt; fi
  done
done <cases/cases.tsv
after=$(state)
[ "$before" = "$after" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: the library or the log changed"; }
[ "$outside" = "$(find "$tmp" -maxdepth 1 | sort)" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: files appeared outside the data folder"; }
[ ! -e /tmp/lentera-evil ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: an absolute path was written"; }
[ -z "$(ls -A data/packs | grep -v '^perjalanan$')" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: a staging folder was left"; }
finish "hostile ($n cases)"
