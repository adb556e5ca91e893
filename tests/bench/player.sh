#!/usr/bin/env bash
# Benchmark of the player against bare tools doing the same work, in one run:
#   first frame: lentera-player with 20 packs installed, from start to its first frame drawn
#     (a script that quits at once) vs bench_bare_window (SDL2 + Pango draw one paragraph);
#     best of 5 wall-clock times, and the player's peak memory (goal <= 2x time, <= 60 MB);
#   answer commit: bench_answer_latency, p50/p99 of a durable answer vs a bare SQLite
#     insert in WAL with synchronous=FULL on the same disk (goal p50 <= 1.3x).
# Usage: tests/bench/player.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$root/build}")
pack=$build/packer/lentera-pack player=$build/player/lentera-player
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export SDL_VIDEODRIVER=dummy

echo "Installing 20 packs..."
"$pack" keygen -W -p k.pub -s k.key >/dev/null
"$player" --data-dir data --trust k.pub >/dev/null
for i in $(seq -w 1 20); do
  rm -rf c && cp -r "$root/tests/fixtures/course/perjalanan" c
  sed -i "s/^id: .*/id: kursus-$i/; s/^title: .*/title: Kursus $i/" c/course.md
  "$pack" build c -s k.key -o "p$i.lentera" >/dev/null 2>&1
  "$player" --data-dir data --import "p$i.lentera" >/dev/null
done
printf 'learner 1 "Bench"\nexpect "Kursus 20"\nquit\n' >first.txt
"$player" --data-dir data --headless --script first.txt >/dev/null   # warm the caches

best() { # best N CMD...: best wall time in seconds of N runs
  local n=$1 b=1e9; shift
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    b=$(awk -v a="$t0" -v c="$t1" -v b="$b" 'BEGIN { d = c - a; print (d < b) ? d : b }')
  done
  echo "$b"
}
ours=$(best 5 "$player" --data-dir data --headless --script first.txt)
bare=$(best 5 "$build/tests/bench_bare_window")
mem=$(/usr/bin/time -f %M "$player" --data-dir data --headless --script first.txt 2>&1 >/dev/null | tail -1)
bmem=$(/usr/bin/time -f %M "$build/tests/bench_bare_window" 2>&1 >/dev/null | tail -1)
awk -v o="$ours" -v b="$bare" -v m="$mem" -v bm="$bmem" 'BEGIN {
  printf "first frame: lentera-player %.3f s (20 packs), bare SDL2+Pango %.3f s, ratio %.2f (goal <= 2.00)\n", o, b, o / b
  printf "memory: lentera-player %.1f MB peak, bare %.1f MB (goal <= 60 MB)\n", m / 1024, bm / 1024
}'
"$build/tests/bench_answer_latency" "$work" 300
