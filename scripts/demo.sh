#!/usr/bin/env bash
# Runs Lentera on the sample content: installs what is missing, builds the programs,
# makes the sample videos (content/make-videos.sh), makes a demo signing key in demo/ (never committed), builds every course in content/
# into demo/packs/, verifies each pack and prints what is in it.
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
  "$pack" build "$course" -s demo/demo.key -o "demo/packs/$name.lentera"
  "$pack" verify "demo/packs/$name.lentera" -p demo/demo.pub
  "$pack" inspect "demo/packs/$name.lentera"
done
echo
echo "Packs are in demo/packs/; the public key to trust them is demo/demo.pub."
