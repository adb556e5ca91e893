#!/usr/bin/env bash
# Fetches cmark-gfm's own spec.txt (CommonMark) and extensions.txt (GFM) from Debian's
# source package of the cmark-gfm we link against: Debian's binary packages do not ship
# them. The system's apt sources are never changed: a private apt configuration in OUT
# holds a deb-src line for the same archive and suite as /etc/apt/sources.list(.d), its
# own lists and cache, and `apt-get source --download-only` fetches into OUT.
# Usage: fetch-spec.sh OUT   (leaves OUT/spec.txt and OUT/extensions.txt; exits 0 when
# they are there already)
set -euo pipefail
out=$(mkdir -p "$1" && cd "$1" && pwd)
[ -s "$out/spec.txt" ] && [ -s "$out/extensions.txt" ] && exit 0

# the archive, suite and key of the system's first Debian source of .deb packages
uri='' suite='' key=''
for f in /etc/apt/sources.list.d/*.sources; do
  [ -r "$f" ] || continue
  uri=$(awk '/^URIs:/ {print $2; exit}' "$f")
  suite=$(awk '/^Suites:/ {print $2; exit}' "$f")
  key=$(awk '/^Signed-By:/ {print $2; exit}' "$f")
  [ -n "$uri" ] && break
done
if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
  read -r uri suite < <(awk '$1 == "deb" && $2 !~ /^\[/ {print $2, $3; exit}' /etc/apt/sources.list)
fi
[ -n "$uri" ] && [ -n "$suite" ] || { echo "fetch-spec: no Debian archive in /etc/apt" >&2; exit 2; }

apt="$out/apt"
mkdir -p "$apt/sources.list.d" "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/src"
{
  echo "Types: deb-src"
  echo "URIs: $uri"
  echo "Suites: $suite"
  echo "Components: main"
  [ -n "$key" ] && echo "Signed-By: $key"
} >"$apt/sources.list.d/cmark-src.sources"
opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt/sources.list.d"
  -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Debug::NoLocking=1
  -o APT::Sandbox::User=root)
apt-get "${opts[@]}" update -qq >&2
version=$(dpkg-query -W -f='${source:Version}' libcmark-gfm-dev 2>/dev/null || true)
(cd "$apt/src" && apt-get "${opts[@]}" source --download-only -qq "cmark-gfm${version:+=$version}" >&2)
orig=$(ls "$apt/src"/cmark-gfm_*.orig.tar.* | head -1)
tar -xf "$orig" -C "$apt/src" --wildcards '*/test/spec.txt' '*/test/extensions.txt'
cp "$(find "$apt/src" -path '*/test/spec.txt' | head -1)" "$out/spec.txt"
cp "$(find "$apt/src" -path '*/test/extensions.txt' | head -1)" "$out/extensions.txt"
rm -rf "$apt"
