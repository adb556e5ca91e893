#!/usr/bin/env bash
# Course folders are confined (issue 11): `check` and `build` read only regular files inside
# the course folder. A symbolic link (to a file outside, to /proc/self/environ, even to a
# file inside), a hard link, a FIFO (which must not hang the packer), a socket, a device, a
# symlinked media folder, a symlinked item file or course.md: each is an error at the
# file:line:col that links it (or at the items entry), exit 1, and build writes nothing. A
# real course still builds. import-quiz refuses such inputs; new refuses a symlinked folder.
# Symlinks cannot be kept as fixtures reliably, so this script makes them.
# Usage: confine.sh LENTERA_PACK
set -u
pack=$(realpath "$1")
. "$(dirname "$0")/../lib.sh" || exit 2

"$pack" keygen -W -p k.pub -s k.key >/dev/null || exit 2
printf 'TRAINER SECRET\n' >outside.txt
lesson=01-pelajaran-pertama.md
only="a course may use only regular files inside its own folder"

# A fresh starter course whose lesson links media/panduan.pdf on its last line, column 6.
fresh() {
  rm -rf c out.lentera
  "$pack" new c >/dev/null || exit 2
  printf '\nBaca [panduan](media/panduan.pdf).\n' >>c/$lesson
  link="c/$lesson:$(wc -l <c/$lesson):6"
}

# refused NAME MESSAGE: check and build exit 1 with exactly MESSAGE and the summary, build
# leaves no file behind, and neither takes long (a FIFO must not block them).
refused() {
  local name=$1 want="$2
1 error, 0 warnings; no pack written"
  timeout 20 "$pack" check c >/dev/null 2>err.txt
  is "$?" 1 "$name: check exit"
  is "$(cat err.txt)" "$want" "$name: check diagnostics"
  local before after
  before=$(find . -path ./err.txt -prune -o -print | sort)
  timeout 20 "$pack" build c -s k.key -o out.lentera >/dev/null 2>err.txt
  is "$?" 1 "$name: build exit"
  is "$(cat err.txt)" "$want" "$name: build diagnostics"
  after=$(find . -path ./err.txt -prune -o -print | sort)
  is "$after" "$before" "$name: build wrote nothing"
}

fresh
ln -s "$tmp/outside.txt" c/media/panduan.pdf
refused "symlink to a file outside" \
  "$link: error: 'media/panduan.pdf' is a symbolic link (to '$tmp/outside.txt'); $only: put a copy there instead"

fresh
ln -s /proc/self/environ c/media/panduan.pdf
refused "symlink to /proc/self/environ" \
  "$link: error: 'media/panduan.pdf' is a symbolic link (to '/proc/self/environ'); $only: put a copy there instead"

fresh
cp outside.txt c/media/asli.pdf
ln -s asli.pdf c/media/panduan.pdf
refused "symlink to a file inside" \
  "$link: error: 'media/panduan.pdf' is a symbolic link (to 'asli.pdf'); $only: put a copy there instead"

fresh
cp outside.txt secret-copy.txt
ln secret-copy.txt c/media/panduan.pdf
refused "hard link" \
  "$link: error: 'media/panduan.pdf' is a hard link (one file under 2 names, which may be outside the course folder); $only: put a copy there instead"

fresh
mkfifo c/media/panduan.pdf
refused "FIFO" "$link: error: 'media/panduan.pdf' is a FIFO (named pipe); $only"

fresh
if python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' c/media/panduan.pdf 2>/dev/null; then
  refused "socket" "$link: error: 'media/panduan.pdf' is a socket; $only"
else
  echo "skip: socket (no python3)"
fi

fresh
if mknod c/media/panduan.pdf c 1 3 2>/dev/null; then # /dev/null's numbers; needs root
  refused "device" "$link: error: 'media/panduan.pdf' is a device; $only"
else
  echo "skip: device (mknod not permitted)"
fi

fresh
mkdir -p elsewhere && cp outside.txt elsewhere/panduan.pdf
rmdir c/media && ln -s "$tmp/elsewhere" c/media
refused "symlinked media folder" \
  "$link: error: 'media' is a symbolic link (to '$tmp/elsewhere'); $only: put a copy there instead"

fresh
cp outside.txt c/media/panduan.pdf
mv c/ringkasan.md ringkasan-luar.md
ln -s "$tmp/ringkasan-luar.md" c/ringkasan.md
col=$(($(sed -n 's/^\(items: .*\)ringkasan\.md.*/\1/p' c/course.md | wc -c)))
line=$(grep -n '^items:' c/course.md | cut -d: -f1)
refused "symlinked item file" \
  "c/course.md:$line:$col: error: 'ringkasan.md' is a symbolic link (to '$tmp/ringkasan-luar.md'); $only: put a copy there instead"

fresh
cp outside.txt c/media/panduan.pdf
cp c/ringkasan.md ringkasan-luar.md && rm c/ringkasan.md && ln ringkasan-luar.md c/ringkasan.md
refused "hard-linked item file" \
  "c/course.md:$line:$col: error: 'ringkasan.md' is a hard link (one file under 2 names, which may be outside the course folder); $only: put a copy there instead"

fresh
cp outside.txt c/media/panduan.pdf
mv c/course.md course-luar.md
ln -s "$tmp/course-luar.md" c/course.md
refused "symlinked course.md" \
  "c/course.md: error: 'course.md' is a symbolic link (to '$tmp/course-luar.md'); $only: put a copy there instead"

# The real thing still builds, and the pack holds the course's own file.
fresh
cp outside.txt c/media/panduan.pdf
"$pack" build c -s k.key -o out.lentera >/dev/null 2>err.txt
is "$?" 0 "real course: build exit"
is "$(cat err.txt)" "" "real course: no diagnostics"
"$pack" verify out.lentera -p k.pub >/dev/null 2>&1
is "$?" 0 "real course: verify"
is "$("$pack" inspect out.lentera --json | grep -c '"media/panduan.pdf"')" 1 "real course: media in the pack"
# The folder named on the command line may itself be a link: the user chose it.
ln -s c c-link
"$pack" check c-link >/dev/null 2>err.txt
is "$?" 0 "course folder given through a link: check exit"

# import-quiz: the input must be a regular file of its own
printf 'Apa ibu kota Indonesia?\nA. Jakarta\nB. Bandung\nANSWER: A\n' >bank.txt
ln -s "$tmp/bank.txt" link.txt
"$pack" import-quiz link.txt -o q1.md >/dev/null 2>err.txt
is "$?" 1 "import-quiz symlink: exit"
is "$(head -1 err.txt)" "link.txt: error: is a symbolic link (to '$tmp/bank.txt'); give the file itself (or a copy of it)" "import-quiz symlink: message"
is "$(ls q1.md 2>/dev/null)" "" "import-quiz symlink: nothing written"
mkfifo fifo.txt
timeout 20 "$pack" import-quiz fifo.txt -o q2.md >/dev/null 2>err.txt
is "$?" 1 "import-quiz FIFO: exit (and no hang)"
is "$(head -1 err.txt)" "fifo.txt: error: is a FIFO (named pipe), not a regular file" "import-quiz FIFO: message"
ln bank.txt hard.txt
"$pack" import-quiz hard.txt -o q3.md >/dev/null 2>err.txt
is "$?" 1 "import-quiz hard link: exit"
is "$(head -1 err.txt)" "hard.txt: error: is a hard link (one file under 2 names); give a copy of it" "import-quiz hard link: message"
rm hard.txt
"$pack" import-quiz bank.txt -o q4.md >/dev/null 2>err.txt
is "$?" 0 "import-quiz regular file: exit"

# new: never writes through a symlinked folder
mkdir target
ln -s "$tmp/target" new-link
"$pack" new new-link >/dev/null 2>err.txt
is "$?" 1 "new into a symlinked folder: exit"
is "$(cat err.txt)" "new-link: error: is a symbolic link; give the path of a new folder (a course is never written through a link)" "new into a symlinked folder: message"
is "$(ls -A target)" "" "new into a symlinked folder: nothing written there"

finish confine
