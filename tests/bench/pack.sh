#!/usr/bin/env bash
# Benchmark: lentera-pack build and verify against standard tools doing the same work.
#
# Work: a generated course of 300 lessons and three 50 MB media files.
#   build  vs  cmark-gfm on every lesson + b2sum -l 256 of every file + minisign -S of the
#              digest list + bsdtar zip (stored) of it all
#   verify vs  minisign -V of the manifest + b2sum -l 256 -c over the extracted files
# Each side runs 3 times; the best wall-clock time counts. Prints both ratios (ours/theirs;
# below 1.0 means Lentera is faster). Goal: build <= 0.8, verify <= 1.0.
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

echo "Generating the course (300 lessons, 3 x 50 MB media)..."
c=course
mkdir -p $c/media
items=""
for i in $(seq -w 1 300); do
  items="$items, l$i.md"
  media=""
  [ "$i" -le 3 ] && media="Unduh [lampiran $i](media/lampiran-$((10#$i)).pdf)."
  cat >$c/l$i.md <<MD
---
kind: lesson
title: Pelajaran $i
minutes: 5
objectives: [Memahami langkah $i]
---

# Pelajaran $i

Layanan digital membantu warga mengurus izin **tanpa antre**. Pelajaran ini menjelaskan
langkah ke-$i dengan *contoh* yang dekat dengan pekerjaan sehari-hari di OPD. $media

## Langkah-langkah

1. Buka aplikasi layanan dan masuk dengan akun kantor.
2. Periksa berkas pemohon: \`KTP\`, \`NIB\`, dan surat permohonan.
3. Catat nomor registrasi dan beri tahu pemohon.

| Berkas | Wajib | Catatan |
|---|---|---|
| KTP | ya | salinan jelas |
| NIB | ya | dari OSS |
| Foto lokasi | tidak | jika diminta |

> Simpan semua berkas di folder bersama dengan nama baku: \`TAHUN-NOMOR-NAMA\`.
MD
done
cat >$c/course.md <<MD
---
id: bench
title: Bench
version: 1.0.0
language: id
audience: [semua-staf]
publisher: Bench
items: [${items#, }]
---
MD
for i in 1 2 3; do head -c 50000000 /dev/urandom >$c/media/lampiran-$i.pdf; done
"$pack" keygen -W -p k.pub -s k.key >/dev/null
minisign -G -W -p m.pub -s m.key >/dev/null 2>&1

best() { # best N CMD...: prints the best wall time in seconds of N runs
  local n=$1 b=""; shift
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    b=$(echo "$t0 $t1 ${b:-1e9}" | awk '{d=$2-$1; print (d<$3)?d:$3}')
  done
  echo "$b"
}

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

awk -v ob="$ours_b" -v tb="$tools_b" -v ov="$ours_v" -v tv="$tools_v" 'BEGIN {
  printf "build:  lentera-pack %.2fs, standard tools %.2fs, ratio %.2f (goal <= 0.80)\n", ob, tb, ob/tb
  printf "verify: lentera-pack %.2fs, standard tools %.2fs, ratio %.2f (goal <= 1.00)\n", ov, tv, ov/tv
}'
