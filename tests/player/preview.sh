#!/usr/bin/env bash
# `lentera-player --preview COURSE_DIR` (issue 13): the course opens from its folder without a
# key or an import, every screen says "Preview", an edit to a lesson shows in the same lesson
# at the same scroll position while the script runs, a broken file shows its file:line:col
# over the last good version, and nothing is left behind: no log, no pack, no temporary folder.
# Usage: preview.sh LENTERA_PLAYER SOURCE_DIR
set -u
player=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy LANG=en_US.UTF-8 LC_ALL=
export TMPDIR=$tmp/t HOME=$tmp/home XDG_DATA_HOME=$tmp/home/data
mkdir -p t home
cp -r "$src/tests/fixtures/course/english" c
sed -i '/media\/clip.mp4/d' c/lesson.md
for i in $(seq 1 30); do printf '\nParagraph number %d of the long part.\n' "$i" >>c/lesson.md; done
# the lesson scrolled down by 6 × 60 px: its first lines are above the window
cat >s.txt <<'S'
expect "Preview"
expect "Safe Passwords"
expect "Choosing a Password"
click "Choosing a Password"
expect "Preview"
expect "A strong password is long"
key Down
key Down
key Down
key Down
key Down
key Down
expect "number 3 of the long part"
expect-not "number 2 of the long part"
wait 1500
until "Paragraph number 10 was rewritten." 15
expect-not "Lesson 1 of 1"
expect "number 3 of the long part"
expect-not "number 2 of the long part"
expect-not "A strong password is long"
expect "Preview"
wait 1500
until "lesson.md:1:1" 15
expect "The last change could not be built"
expect "Paragraph number 10 was rewritten."
texts
S
(sleep 1.2; sed -i 's/^Paragraph number 10 of the long part\./Paragraph number 10 was rewritten./' c/lesson.md
 sleep 2.5; sed -i '1s/^---$/--- broken/' c/lesson.md) &
pids+=($!)
"$player" --preview c --headless --script s.txt >out.txt 2>&1
is $? 0 "the preview script: $(grep -m3 -A2 'step failed' out.txt)"
has out.txt "text: c/lesson.md:1:1: error: missing front matter" "the diagnostic on screen"
hasnt out.txt "Pratinjau" "English on every screen"
is "$(find "$tmp" -name 'log.sqlite*' -o -name '*.lentera' -o -name 'lentera-preview-*' | wc -l)" 0 \
  "no records, packs or temporary folder left"
is "$(ls t)" "" "the temporary folder was removed"
# a course that does not build says why and opens nothing
sed -i '1s/^--- broken$/---/' c/lesson.md
sed -i '1s/^---$/--- broken/' c/course.md
"$player" --preview c --headless --script s.txt >bad.txt 2>&1
is $? 1 "a broken course is refused"
has bad.txt "c/course.md:1:1: error" "its diagnostic"
is "$(ls t)" "" "and leaves nothing behind"
finish player.preview
