#!/usr/bin/env bash
# The player in a real X window (Xvfb, 1366x768 screen, software framebuffer): it draws the
# learner screen, takes key presses, and the screenshot read back from SDL has text on it.
# Usage: xvfb.sh LENTERA_PLAYER
set -u
player=$(realpath "$1")
command -v xvfb-run >/dev/null || { echo "FAIL: xvfb-run missing (scripts/install-deps.sh)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf 'expect "Pilih nama Anda"\nkey Tab\nkey Return\nexpect "Peserta baru"\nscreenshot %s/x.png\nquit\n' "$tmp" >s.txt
SDL_VIDEODRIVER=x11 SDL_FRAMEBUFFER_ACCELERATION=0 timeout 120 \
  xvfb-run -a -s "-screen 0 1366x768x24" "$player" --data-dir data --script s.txt >out.txt 2>&1
code=$?
cat out.txt
# a blank frame compresses to a few kB; one with text on it does not
size=$(stat -c %s x.png 2>/dev/null || echo 0)
if [ "$code" = 0 ] && [ "$size" -gt 12000 ]; then echo "xvfb: 1 passed, 0 failed"; exit 0; fi
echo "xvfb: 0 passed, 1 failed (exit $code, screenshot $size bytes)"
exit 1
