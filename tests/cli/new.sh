#!/usr/bin/env bash
# lentera-pack new: the starter course checks and builds with no diagnostic at all, its id
# and title come from the folder name, and a non-empty folder is refused.
# Usage: new.sh LENTERA_PACK
set -u
pack=$(realpath "$1")
. "$(dirname "$0")/../lib.sh" || exit 2
"$pack" new kursus/Layanan_Digital >/dev/null
is $? 0 "new exit"
is "$(sed -n 's/^id: //p' kursus/Layanan_Digital/course.md)" "layanan-digital" "id"
is "$(sed -n 's/^title: //p' kursus/Layanan_Digital/course.md)" "Layanan Digital" "title"
"$pack" keygen -W -p k.pub -s k.key >/dev/null
"$pack" build kursus/Layanan_Digital -s k.key -o s.lentera >out.txt 2>err.txt
is $? 0 "starter builds"
is "$(cat err.txt)" "" "starter has no diagnostics"
is "$("$pack" inspect s.lentera --json | grep -c '"kind"')" "5" "five items: pre-test, lesson, cheat sheet, post-test, feedback survey"
"$pack" new kursus/Layanan_Digital >/dev/null 2>err.txt
is $? 1 "refuses a non-empty folder"
is "$(cat err.txt)" "kursus/Layanan_Digital: error: folder exists and is not empty; choose a new folder name" "message"
finish new
