#!/usr/bin/env bash
# Benchmark of the player against bare tools doing the same work, in one run:
#   first frame: lentera-player with 20 and with 200 packs installed, from start to its
#     first frame drawn (the home page of a signed-in learner: cards, progress, search, and
#     the library's integrity checks) vs bench_bare_window (SDL2 + Pango draw one
#     paragraph); best of 5 wall-clock times (goal <= 2.0x with 20, <= 2.5x with 200), and
#     the player's peak memory (goal <= 60 MB);
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

. "$root/tests/bench/lib.sh"
"$pack" keygen -W -p k.pub -s k.key >/dev/null
install_packs() { # install_packs N DIR: N packs of the journey's course, each its own id
  "$player" --data-dir "$2" --trust k.pub >/dev/null
  for i in $(seq -w 1 "$1"); do
    [ -f "p$i.lentera" ] || {
      rm -rf c && cp -r "$root/tests/fixtures/course/perjalanan" c
      sed -i "s/^id: .*/id: kursus-$i/; s/^title: .*/title: Kursus $i/" c/course.md
      "$pack" build c -s k.key -o "p$i.lentera" >/dev/null 2>&1
    }
    "$player" --data-dir "$2" --import "p$i.lentera" >/dev/null
  done
}
echo "Installing 20 packs, then 200..."
install_packs 20 data20
install_packs 200 data200
printf 'learner 1 "Bench"\nexpect "Halo, Bench"\nquit\n' >first.txt
for n in 20 200; do   # the learner made, the caches warm
  "$player" --data-dir data$n --headless --script first.txt >/dev/null
done
bare=$(bench_best 5 "$build/tests/bench_bare_window")
for n in 20 200; do
  ours=$(bench_best 5 "$player" --data-dir data$n --headless --script first.txt)
  goal=2.00 && [ $n = 200 ] && goal=2.50
  bench_ratio "first frame ($n packs)" "$ours" "$bare" $goal s
done
for n in 20 200; do
  kb=$(/usr/bin/time -f %M "$player" --data-dir data$n --headless --script first.txt 2>&1 >/dev/null | tail -1)
  bench_value "peak memory ($n packs)" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" MB "<=" 60
done
read -r o50 o99 b50 b99 < <("$build/tests/bench_answer_latency" "$work" 300)
bench_ratio "answer commit p50" "$o50" "$b50" 1.30 ms
echo "(answer commit p99: ours $o99 ms, bare SQLite insert $b99 ms)"
