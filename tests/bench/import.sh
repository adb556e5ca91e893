#!/usr/bin/env bash
# Benchmark: lentera-player --import of the bench pack (tests/bench/lib.sh: 300 lessons,
# three 50 MB media) against the standard tools doing the same work on the same bytes:
#   peer = bsdtar -xf (into a fresh folder) + minisign -V of the manifest + b2sum -l 256 -c
#          of every file + sync
#   import (empty library)  --import into a data folder with nothing installed
#   import (update)         --import of version 1.0.1 over 1.0.0 (the old version kept until
#                           the new one is whole, then swapped; issue 8)
#   import + re-check       the update, then the integrity re-check the library keeps (a
#                           player opening the library re-verifies every installed manifest
#                           and a file's digest when it is read: here the player started on
#                           the updated library up to its home page), against the same peer
# Best of 3 wall-clock runs each. Goals: import <= 1.0x, with the re-check <= 1.2x.
# Usage: tests/bench/import.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$root/build}")
pack=$build/packer/lentera-pack player=$build/player/lentera-player
for tool in b2sum minisign bsdtar; do
  command -v $tool >/dev/null || { echo "missing $tool (scripts/install-deps.sh)"; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export SDL_VIDEODRIVER=dummy
. "$root/tests/bench/lib.sh"

echo "Generating the course (300 lessons, 3 x 50 MB media) and its packs..."
bench_course c 1.0.0
"$pack" keygen -W -p k.pub -s k.key >/dev/null
"$pack" build c -s k.key -o v1.lentera >/dev/null
sed -i 's/^version: .*/version: 1.0.1/' c/course.md
"$pack" build c -s k.key -o v2.lentera >/dev/null
# the peer's inputs: the same public key as a minisign key file, the digests as b2sum reads them
bsdtar -xOf v1.lentera lentera.xml |
  sed -E -n 's/.*path="([^"]*)" size="[0-9]*" blake2b="([0-9a-f]*)".*/\2  \1/p' >SUMS
[ "$(wc -l <SUMS)" -gt 300 ] || { echo "bench: no digests read from the manifest"; exit 1; }

fresh_import() { rm -rf d && mkdir d && "$player" --data-dir d --trust k.pub >/dev/null &&
  "$player" --data-dir d --import v1.lentera; }
update_import() { rm -rf u && cp -a base u && "$player" --data-dir u --import v2.lentera; }
update_recheck() { update_import && "$player" --data-dir u --headless --script open.txt; }
peer() {
  rm -rf x && mkdir x && bsdtar -xf v1.lentera -C x && (cd x && minisign -Vq -p ../k.pub -m lentera.xml &&
    b2sum -l 256 --quiet -c ../SUMS) && sync
}
peer >/dev/null || { echo "bench: the standard tools' verification failed"; exit 1; }
fresh_import >/dev/null && cp -a d base
printf 'learner 1 "Bench"\nexpect "Bench"\nquit\n' >open.txt
"$player" --data-dir base --headless --script open.txt >/dev/null ||
  { echo "bench: the pack is not installed"; exit 1; }

echo "Timing (best of 3)..."
t_peer=$(bench_best 3 peer)
t_fresh=$(bench_best 3 fresh_import)
t_update=$(bench_best 3 update_import)
t_recheck=$(bench_best 3 update_recheck)
bench_ratio "import (empty library)" "$t_fresh" "$t_peer" 1.00 s
bench_ratio "import (update)" "$t_update" "$t_peer" 1.00 s
bench_ratio "import (update) + re-check" "$t_recheck" "$t_peer" 1.20 s
