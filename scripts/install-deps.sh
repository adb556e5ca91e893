#!/usr/bin/env bash
# Installs the Debian packages Lentera needs to build and test, only those missing.
# Usage: scripts/install-deps.sh   (as root, or with sudo available)
set -euo pipefail

pkgs=(
  build-essential cmake pkg-config time
  libarchive-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev
  libsqlite3-dev libpango1.0-dev libcairo2-dev libsodium-dev libyaml-dev
  libjansson-dev libcurl4-openssl-dev libqrencode-dev libavformat-dev libavcodec-dev libswscale-dev libswresample-dev libavutil-dev
  libsdl2-dev libsdl2-image-dev fonts-noto-core fonts-dejavu-core fonts-noto-color-emoji
  # tools the tests check our output against
  minisign libarchive-tools cmark-gfm libxml2-utils coreutils poppler-utils
  # the certificate's QR code read back from its picture (tests/player/certificate.sh)
  zbar-tools
  # a real spreadsheet reads the report's CSV files back (no formula may survive)
  gnumeric unzip sqlite3
  # a computer clock set wrong, for the clock-suspect tests (tests/player/log.sh)
  faketime
  # the sample courses' videos are made at build time (content/make-videos.sh)
  ffmpeg espeak-ng gettext
  # a real X window in the player tests; the report page read back in a real browser
  xvfb xauth chromium curl openssl
  # a window manager and X tools that drive the real window as a person does (tests/player/xvfb.sh)
  openbox xdotool x11-utils
  # the icon's PNG sizes; the .deb and what checks it (tests/package/deb.sh)
  librsvg2-bin dpkg-dev desktop-file-utils appstream lintian man-db
  # line and branch coverage per module (scripts/coverage.sh)
  gcovr
  # static analysis with zero findings (scripts/tidy.sh, .clang-tidy)
  clang-tidy
  # libFuzzer targets (tests/fuzz)
  clang libclang-rt-14-dev valgrind
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# xAPI statement validation in the tests runs on Node.js (the machine's own, when it has one)
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
