#!/usr/bin/env bash
# Runs Lentera on the sample content: installs what is missing, builds the programs,
# makes the sample videos (content/make-videos.sh) and a demo signing key in demo/ (never
# committed), builds every course in content/ into demo/packs/, verifies each pack and
# prints what is in it; then imports the packs into a demo player data folder (demo/data)
# and opens the player, or, without a display, runs a scripted tour headless and saves its
# screenshots in demo/screenshots/. Then an office of 30 staff in 4 units and 4 training
# packages works through the courses by scripts (scripts/demo_office.py: pre-tests, lessons,
# post-tests failed and passed, feedback, follow-ups a month and three months on with
# faketime). Last, the records are exported to demo/usb/, collected into
# demo/collection.sqlite and reported in demo/report/, with the office's service figures and
# the courses' targets.
# Usage: scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" -- --no-print-directory >/dev/null
pack=build/packer/lentera-pack
content/make-videos.sh

mkdir -p demo/packs
if [ ! -f demo/demo.key ]; then
  echo "== making a demo signing key (demo/demo.key, unencrypted: for trying things only)"
  "$pack" keygen -W -p demo/demo.pub -s demo/demo.key
fi
for course in content/*/; do
  [ -f "$course/course.md" ] || continue
  name=$(basename "$course")
  echo
  echo "== $name"
  # as of 130 days ago: the demo office below studies over the last four months
  SOURCE_DATE_EPOCH=$(($(date +%s) - 130 * 86400)) \
    "$pack" build "$course" -s demo/demo.key -o "demo/packs/$name.lentera"
  "$pack" verify "demo/packs/$name.lentera" -p demo/demo.pub
  "$pack" inspect "demo/packs/$name.lentera"
done
echo
echo "Packs are in demo/packs/; the public key to trust them is demo/demo.pub."

# the player, on a demo data folder that trusts the demo key and holds every pack
player=build/player/lentera-player
"$player" --data-dir demo/data --trust demo/demo.pub >/dev/null
for p in demo/packs/*.lentera; do "$player" --data-dir demo/data --import "$p"; done
if [ -z "${CI:-}" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  echo "Opening the player (close its window to finish)..."
  "$player" --data-dir demo/data
else
  mkdir -p demo/screenshots
  sed "s|@OUT@|$PWD/demo/screenshots|g" scripts/tour.txt >demo/tour.txt
  SDL_VIDEODRIVER=dummy "$player" --data-dir demo/data --headless --script demo/tour.txt
  echo "No display here: a scripted tour ran headless. Its screenshots are in demo/screenshots/."
fi

# an office at work: 30 staff sign up and study, some come back a month or three later
echo
echo "== an office at work: 30 staff, 4 units, 4 training packages"
rm -rf demo/office
python3 scripts/demo_office.py demo/packs demo/office
runs=0
while IFS=$'\t' read -r script days; do
  # each session on its own day of the last four months (the clock set back)
  off=$days && [ "${days:0:1}" = - ] || off="+$days"
  DONT_FAKE_MONOTONIC=1 SDL_VIDEODRIVER=dummy faketime -f "${off}d" \
    "$player" --data-dir demo/data --headless --script "$script" >demo/office/last.txt 2>&1 ||
    { echo "demo: $script failed:"; grep -v '^text:' demo/office/last.txt | head -5; exit 1; }
  runs=$((runs + 1))
  printf '\r%d of %d sessions' "$runs" "$(wc -l <demo/office/runs.tsv)"
done <demo/office/runs.tsv
echo

# the trainer's side: the records leave on a "USB stick", are collected and reported
echo
echo "== records: export, collect, report"
rm -rf demo/usb
"$player" --data-dir demo/data --export-sync demo/usb
"$pack" collect demo/usb --db demo/collection.sqlite
# the courses whose course.md sets targets: the report follows them from their packs
targets=()
for course in content/*/; do
  grep -q '^targets:' "$course/course.md" && targets+=(--pack "demo/packs/$(basename "$course").lentera")
done
"$pack" report --db demo/collection.sqlite -o demo/report --indicators demo/office/indikator.csv \
  "${targets[@]}"
echo "Open demo/report/index.html in a browser for the managers' report."
