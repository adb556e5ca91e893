#!/usr/bin/env bash
# import-quiz: GIFT and Aiken banks from tests/fixtures/quizimport give exactly the expected
# Markdown and warnings; a broken bank gives exact errors, exit 1 and no file; and the
# imported quizzes compile in a course (round trip) with the right question types.
# Usage: import-quiz.sh LENTERA_PACK FIXTURES_DIR
set -u
pack=$(realpath "$1") fx=$(cd "$2" && pwd)
. "$(dirname "$0")/../lib.sh" || exit 2
cd "$fx"
same() { if diff -u "$1" "$2" >"$tmp/diff"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $3"; cat "$tmp/diff"; fi; }

"$pack" import-quiz moodle.gift -o "$tmp/moodle.md" --title "Bank Soal" --role posttest >/dev/null 2>"$tmp/moodle.txt"
is $? 0 "moodle.gift exit"
same moodle.expected.md "$tmp/moodle.md" "moodle.gift markdown"
same moodle.expected.txt "$tmp/moodle.txt" "moodle.gift warnings"
"$pack" import-quiz soal.txt -o "$tmp/soal.md" >/dev/null 2>"$tmp/soal.txt"
is $? 0 "soal.txt exit"
same soal.expected.md "$tmp/soal.md" "aiken markdown"
"$pack" import-quiz broken.txt -o "$tmp/broken.md" >/dev/null 2>"$tmp/broken.txt"
is $? 1 "broken.txt exit"
same broken.expected.txt "$tmp/broken.txt" "broken.txt errors"
is "$(ls "$tmp/broken.md" 2>/dev/null)" "" "no output for a broken bank"
"$pack" import-quiz soal.txt -o "$tmp/soal.md" >/dev/null 2>&1
is $? 1 "refuses to overwrite without -f"

# round trip: the imported files compile as quizzes of a course
mkdir -p "$tmp/c" && cp "$tmp/moodle.md" "$tmp/soal.md" "$tmp/c/"
cat >"$tmp/c/course.md" <<'MD'
---
id: impor
title: Impor
version: 1.0.0
language: id
audience: semua-staf
publisher: Uji
items: [moodle.md, soal.md]
---
MD
"$pack" keygen -W -p "$tmp/k.pub" -s "$tmp/k.key" >/dev/null
"$pack" build "$tmp/c" -s "$tmp/k.key" -o "$tmp/i.lentera" >/dev/null 2>"$tmp/build.txt"
is $? 0 "imported quizzes build"
(cd "$tmp" && bsdtar -xf i.lentera quizzes/moodle.xml quizzes/soal.xml)
types=$(xmllint --xpath '//*[local-name()="question"]/@type' "$tmp/quizzes/moodle.xml" | tr -d ' ' | tr '\n' ' ')
is "$types" 'type="single" type="multiple" type="single" type="single" type="short" type="single" type="single" type="single" type="single" ' "question types (the missing word one with _____)"
is "$(xmllint --xpath 'string(//*[local-name()="question"][5]/*[local-name()="answer"][2])' "$tmp/quizzes/moodle.xml")" "kode OTP" "short answers"
is "$(xmllint --xpath 'string(//*[local-name()="question"][6]/*[local-name()="choice"][1])' "$tmp/quizzes/moodle.xml")" "Ya ~ benar" "escapes"
is "$(xmllint --xpath 'count(//*[local-name()="choice"][@correct="true"])' "$tmp/quizzes/soal.xml")" "2" "aiken answers"
finish import-quiz
