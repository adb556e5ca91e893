#!/usr/bin/env bash
# `build` onto a full or read-only disk says so, with the path (issue 11, item 8): exit 2, a
# message naming the output and the cause in plain words, and no partial file left. Uses a
# 1 MiB tmpfs (CI runs as root); skips (exit 77) where mounting is not permitted.
# Usage: fulldisk.sh LENTERA_PACK
set -u
pack=$(realpath "$1")
. "$(dirname "$0")/../lib.sh" || exit 2
mnt="$tmp/disk"
mkdir "$mnt"
cleanup() { mountpoint -q "$mnt" && umount "$mnt"; rm -rf "$tmp"; }
trap cleanup EXIT
if ! mount -t tmpfs -o size=1m tmpfs "$mnt" 2>/dev/null; then
  echo "skip: cannot mount a small tmpfs here (needs root)"
  exit 77
fi
"$pack" keygen -W -p k.pub -s k.key >/dev/null || exit 2
"$pack" new c >/dev/null || exit 2
head -c 2000000 /dev/urandom >c/media/data.pdf # stored as it is: 2 MB on a 1 MiB disk
printf '\nLihat [data](media/data.pdf).\n' >>c/01-pelajaran-pertama.md

out="$mnt/kursus.lentera"
"$pack" build c -s k.key -o "$out" >/dev/null 2>err.txt
is "$?" 2 "full disk: exit"
is "$(cat err.txt)" "$out: error: no space left on the disk holding $out: free some space or use -o to write the pack on another disk
1 error, 0 warnings; no pack written" "full disk: message"
is "$(ls -A "$mnt")" "" "full disk: no partial file left"

mount -o remount,ro "$mnt"
"$pack" build c -s k.key -o "$out" >/dev/null 2>err.txt
is "$?" 2 "read-only disk: exit"
is "$(cat err.txt)" "$out: error: the disk holding $out is read-only: make it writable or use -o to write the pack on another disk
1 error, 0 warnings; no pack written" "read-only disk: message"
is "$(ls -A "$mnt")" "" "read-only disk: nothing left"

# the same course onto a disk with room builds
"$pack" build c -s k.key -o ok.lentera >/dev/null 2>err.txt
is "$?" 0 "disk with room: exit"

finish fulldisk
