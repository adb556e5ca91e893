# shellcheck shell=bash
# lib.sh — what the benchmarks share (sourced): the best of N wall-clock runs, the bench
# course (300 lessons and three 50 MB media files), and the one format every result is
# printed in:
#   NAME: ours X UNIT, peer Y UNIT, ratio R (goal <= G)      a ratio against a peer tool
#   NAME: ours X UNIT (goal >= G)                             an absolute goal
# followed by "met" or "NOT met". When BENCH_RESULTS names a file, each result is also
# appended to it as NAME|OURS|PEER|RATIO|GOAL|met, for tests/bench/all.sh's table.

bench_best() { # bench_best N CMD...: the best wall time in seconds of N runs
  local n=$1 b=1e9 t0 t1; shift
  for _ in $(seq "$n"); do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; return 1; }
    t1=$(date +%s.%N)
    b=$(awk -v a="$t0" -v c="$t1" -v b="$b" 'BEGIN { d = c - a; print (d < b) ? d : b }')
  done
  echo "$b"
}

# bench_ratio NAME OURS PEER GOAL UNIT: lower is better; the goal is the highest ratio
bench_ratio() {
  local r met
  r=$(awk -v o="$2" -v p="$3" 'BEGIN { printf "%.2f", o / p }')
  met=$(awk -v r="$r" -v g="$4" 'BEGIN { print (r <= g + 1e-9) ? "met" : "NOT met" }')
  printf '%s: ours %.3f %s, peer %.3f %s, ratio %s (goal <= %.2f) %s\n' "$1" "$2" "$5" "$3" "$5" \
    "$r" "$4" "$met"
  [ -z "${BENCH_RESULTS:-}" ] ||
    printf '%s|%.3f %s|%.3f %s|%s|<= %.2f|%s\n' "$1" "$2" "$5" "$3" "$5" "$r" "$4" "$met" \
      >>"$BENCH_RESULTS"
}

# bench_value NAME OURS UNIT OP GOAL: OP is ">=" (higher is better) or "<="
bench_value() {
  local met
  met=$(awk -v o="$2" -v op="$4" -v g="$5" 'BEGIN {
    print ((op == ">=") ? (o >= g) : (o <= g)) ? "met" : "NOT met" }')
  printf '%s: ours %.2f %s (goal %s %s %s) %s\n' "$1" "$2" "$3" "$4" "$5" "$3" "$met"
  [ -z "${BENCH_RESULTS:-}" ] ||
    printf '%s|%.2f %s|-|-|%s %s %s|%s\n' "$1" "$2" "$3" "$4" "$5" "$3" "$met" >>"$BENCH_RESULTS"
}

# bench_course DIR [VERSION]: the bench course, 300 lessons (Markdown with lists, a table, a
# quote), three of them linking a 50 MB file of random bytes
bench_course() {
  local c=$1 version=${2:-1.0.0} items="" media
  mkdir -p "$c/media"
  for i in $(seq -w 1 300); do
    items="$items, l$i.md"
    media=""
    [ "$i" -le 3 ] && media="Unduh [lampiran $i](media/lampiran-$((10#$i)).pdf)."
    cat >"$c/l$i.md" <<MD
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
  cat >"$c/course.md" <<MD
---
id: bench
title: Bench
version: $version
language: id
audience: [semua-staf]
publisher: Bench
items: [${items#, }]
---
MD
  for i in 1 2 3; do
    [ -f "$c/media/lampiran-$i.pdf" ] || head -c 50000000 /dev/urandom >"$c/media/lampiran-$i.pdf"
  done
}
