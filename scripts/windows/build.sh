#!/usr/bin/env bash
# Builds Lentera for 64-bit Windows here on Debian, and makes what an IT admin installs:
#   dist/lentera-<version>-win64.zip          portable: unzip anywhere, run lentera-player.exe
#   dist/lentera-<version>-win64-setup.exe    installer (NSIS): Start menu, .lentera files,
#                                             optional trusted publisher key, uninstaller
# Usage: scripts/windows/build.sh [BUILD_DIR]      (default build-win)
#
# Steps: the Debian packages the cross-build needs (apt-get), the libraries (deps.sh, cached
# outside the repository), Lentera with the mingw toolchain, then a folder holding the
# programs, every DLL they load (found by reading each file's imports, not by a list), the
# video module, fonts (fonts\), translations and README.txt; the zip
# is made with bsdtar and the installer with makensis from that same folder.
set -euo pipefail
shopt -s inherit_errexit

root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/scripts/windows
build=${1:-$root/build-win}
dist=$root/dist
host=x86_64-w64-mingw32

need=(gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 mingw-w64-tools wine wine64 nsis meson ninja-build
  autoconf automake autopoint libtool gperf nasm tcl patch bzip2 xz-utils dpkg-dev pkg-config
  cmake libarchive-tools
  fonts-noto-core fonts-dejavu-core gettext librsvg2-bin icoutils)
missing=()
for p in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing the cross-build's Debian packages: ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
fi

prefix=$("$here/deps.sh" | tail -1)
export LT_WIN_PREFIX=$prefix

cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$here/toolchain.cmake" \
  -DLT_WIN_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/opt/lentera \
  -DCMAKE_INSTALL_BINDIR=. -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_INSTALL_DATADIR=share >&2
cmake --build "$build" -j"$(nproc)" >&2

version=$(sed -n 's/^project(lentera VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
name=lentera-$version-win64
stage=$dist/$name
rm -rf "$stage" && mkdir -p "$stage"
cmake --install "$build" --prefix "$stage" --strip >&2

# every DLL a program or the video module imports, from the prefix or mingw's runtime
search=("$prefix/bin" /usr/lib/gcc/$host/12-posix /usr/$host/lib)
imports() { $host-objdump -p "$1" | sed -n 's/^\s*DLL Name: //p'; }
declare -A seen
copy_deps() {
  local dll f d
  for dll in $(imports "$1"); do
    [ -n "${seen[${dll,,}]:-}" ] && continue
    seen[${dll,,}]=1
    f=
    for d in "${search[@]}"; do [ -f "$d/$dll" ] && { f=$d/$dll; break; }; done
    [ -n "$f" ] || continue # a Windows system DLL
    cp "$f" "$stage/$dll"
    $host-strip --strip-unneeded "$stage/$dll"
    copy_deps "$f"
  done
}
for f in "$stage"/*.exe "$stage"/lib/lentera/*.dll; do copy_deps "$f"; done

# fonts: Noto Sans and Serif (certificate), DejaVu Sans (for what Noto Sans lacks, as on
# Linux) and DejaVu Sans Mono, in fonts\, and the fontconfig configuration that names them:
# fontconfig reads fonts\fonts.conf beside the program, its own default on Windows; its cache
# goes to the account's local application data
mkdir -p "$stage/fonts"
for f in /usr/share/fonts/truetype/noto/NotoSans-{Regular,Bold,Italic,BoldItalic}.ttf \
  /usr/share/fonts/truetype/noto/NotoSerif-{Regular,Bold}.ttf \
  /usr/share/fonts/truetype/dejavu/DejaVuSans{Mono,Mono-Bold,,-Bold}.ttf; do
  cp "$f" "$stage/fonts/"
done
cp "$here/fonts.conf" "$stage/fonts/fonts.conf"
cp "$here/README.txt" "$stage/README.txt"
mkdir -p "$stage/trusted.d"

# the icon, drawn from the same SVG as Linux's
rsvg-convert -w 256 -h 256 "$root/data/icons/id.lentera.Player.svg" -o "$build/icon-256.png"
rsvg-convert -w 48 -h 48 "$root/data/icons/id.lentera.Player.svg" -o "$build/icon-48.png"
rsvg-convert -w 32 -h 32 "$root/data/icons/id.lentera.Player.svg" -o "$build/icon-32.png"
rsvg-convert -w 16 -h 16 "$root/data/icons/id.lentera.Player.svg" -o "$build/icon-16.png"
icotool -c -o "$stage/lentera.ico" "$build"/icon-{16,32,48,256}.png

# reproducible archive: fixed times and order
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}
find "$stage" -exec touch -h -d "@$epoch" {} +
rm -f "$dist/$name.zip"
(cd "$dist" && find "$name" -print | LC_ALL=C sort |
  bsdtar --format zip --options zip:compression=deflate -cf "$name.zip" -n -T -)
makensis -V2 -DVERSION="$version" -DSTAGE="$stage" -DOUTFILE="$dist/$name-setup.exe" \
  "$here/installer.nsi" >&2
du -h "$dist/$name.zip" "$dist/$name-setup.exe" >&2
echo "$dist/$name.zip"
echo "$dist/$name-setup.exe"
