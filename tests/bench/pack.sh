#!/usr/bin/env bash
# Benchmark: lentera-pack build and verify against standard tools doing the same work.
#
# Work: a generated course of 300 lessons and three 50 MB media files.
#   build  vs  cmark-gfm on every lesson + b2sum -l 256 of every file + minisign -S of the
#              digest list + bsdtar zip (stored) of it all
#   verify vs  minisign -V of the manifest + b2sum -l 256 -c over the extracted files
# Each side runs 3 times; the best wall-clock time counts. Prints both ratios (ours/theirs;
# below 1.0 means Lentera is faster) in lib.sh's format. Goal: build <= 0.8, verify <= 1.0.
# Usage: tests/bench/pack.sh [LENTERA_PACK]   (default: build/packer/lentera-pack)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pack=$(realpath "${1:-$root/build/packer/lentera-pack}")
for tool in cmark-gfm b2sum minisign bsdtar; do
  command -v $tool >/dev/null || { echo "missing $tool (scripts/install-deps.sh)"; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

. "$root/tests/bench/lib.sh"
echo "Generating the course (300 lessons, 3 x 50 MB media)..."
c=course
bench_course $c
"$pack" keygen -W -p k.pub -s k.key >/dev/null
minisign -G -W -p m.pub -s m.key >/dev/null 2>&1
best() { bench_best "$@"; }

ours_build() { rm -f ours.lentera; "$pack" build $c -s k.key -o ours.lentera; }
tools_build_work() {
  rm -rf std std.zip && mkdir -p std/lessons
  for f in $c/l*.md; do
    cmark-gfm -e table -e tasklist -e strikethrough -t xml "$f" >std/lessons/$(basename "$f" .md).xml
  done
  (cd std && b2sum -l 256 lessons/* ../$c/media/* >SUMS && minisign -S -s ../m.key -m SUMS)
  (cd std && bsdtar --format zip --options zip:compression=store -cf ../std.zip SUMS SUMS.minisig lessons -C ../$c media)
}

echo "Timing build (best of 3)..."
ours_b=$(best 3 ours_build)
tools_b=$(best 3 tools_build_work)

mkdir -p ext && (cd ext && bsdtar -xf ../ours.lentera)
sed -E -n 's/.*path="([^"]*)" size="[0-9]*" blake2b="([0-9a-f]*)".*/\2  \1/p' ext/lentera.xml >ext/SUMS
ours_verify() { "$pack" verify ours.lentera -p k.pub; }
tools_verify() { (cd ext && minisign -V -p ../k.pub -m lentera.xml && b2sum -l 256 --quiet -c SUMS); }
tools_verify >/dev/null || { echo "standard-tool verify failed"; exit 1; }
echo "Timing verify (best of 3)..."
ours_v=$(best 3 ours_verify)
tools_v=$(best 3 tools_verify)

bench_ratio "build (300 lessons, 3 x 50 MB)" "$ours_b" "$tools_b" 0.80 s
bench_ratio "verify (300 lessons, 3 x 50 MB)" "$ours_v" "$tools_v" 1.00 s
