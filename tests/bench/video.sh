#!/usr/bin/env bash
# Benchmark: playing a 20 s 1280x720 H.264 + AAC clip in real time, lentera-player against
# ffplay -autoexit on the same file, both under SDL's dummy video and audio drivers (so the
# same software renderer and the same audio path). CPU time (user + system) and peak memory
# (maximum resident set) from GNU time. The player's run includes opening the lesson and its
# poster; ffplay's includes its own start. Goal: <= 1.0x ffplay on both. Prints the ratios.
# Usage: tests/bench/video.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$root/build}")
pack=$build/packer/lentera-pack player=$build/player/lentera-player
for tool in ffmpeg ffplay /usr/bin/time; do
  command -v $tool >/dev/null || { echo "missing $tool (scripts/install-deps.sh)"; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

echo "Making a 20 s 1280x720 H.264 + AAC clip..."
ffmpeg -v error -f lavfi -i testsrc2=size=1280x720:rate=30:duration=20 \
  -f lavfi -i sine=frequency=440:duration=20 -c:v libx264 -preset veryfast -pix_fmt yuv420p \
  -c:a aac -b:a 128k -movflags +faststart -shortest clip.mp4
cp -r "$root/tests/fixtures/course/mini" c
cp clip.mp4 c/media/klip.mp4
printf 'WEBVTT\n\n00:00.000 --> 00:20.000\nKlip uji.\n' >c/media/klip.vtt
printf -- '---\nkind: lesson\ntitle: Video\nminutes: 5\nobjectives: [Menonton]\n---\n\n# Video\n\n![Klip](media/klip.mp4)\n' >c/video.md
sed -i 's/^items: \[/items: [video.md, /' c/course.md
"$pack" keygen -W -p k.pub -s k.key >/dev/null
"$pack" build c -s k.key -o v.lentera >/dev/null 2>&1
"$player" --data-dir data --trust k.pub >/dev/null && "$player" --data-dir data --import v.lentera >/dev/null
printf 'learner 1 "Uji"\nopen mini video\nclick "Putar video"\nwait 20300\nexpect "Putar lagi"\nquit\n' >play.txt

measure() { # measure OUT CMD...: "cpu_seconds peak_kb"
  local out=$1; shift
  /usr/bin/time -f '%U %S %M' -o "$out" "$@" >/dev/null 2>&1 || { echo "failed: $*"; exit 1; }
  awk '{ printf "%.2f %d\n", $1 + $2, $3 }' "$out"
}
echo "Playing it with lentera-player..."
read -r ours_cpu ours_kb < <(measure ours.txt "$player" --data-dir data --headless --script play.txt)
echo "Playing it with ffplay -autoexit..."
read -r ff_cpu ff_kb < <(measure ff.txt ffplay -autoexit -loglevel quiet -nostats clip.mp4)
done=$(sqlite3 data/log.sqlite "SELECT state FROM progress WHERE item_id = 'video.klip'")
[ "$done" = completed ] || { echo "the player did not play the clip to its end"; exit 1; }
echo
. "$root/tests/bench/lib.sh"
bench_ratio "video CPU (20 s 720p)" "$ours_cpu" "$ff_cpu" 1.00 s
bench_ratio "video peak memory" "$(awk -v k="$ours_kb" 'BEGIN { print k / 1024 }')" \
  "$(awk -v k="$ff_kb" 'BEGIN { print k / 1024 }')" 1.00 MB
