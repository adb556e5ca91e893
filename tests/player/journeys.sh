#!/usr/bin/env bash
# A learner's whole journey with 30 courses installed, at 1024x768 and at 800x600, once by
# mouse and once by keyboard alone (issue 12). Each starts at the first screen and reaches
# everything only through what is drawn inside the window (no `open`): the learner creates
# themself, finds the course by scrolling, takes the pre-test and half a lesson, and the
# player is closed; started again, the learner signs in with the PIN, finds the course by
# search (by title, by keyboard by a word of its introduction), the lesson reopens where it was left, plays the video, saves the cheat sheet, fails
# and then passes the post-test, opens the certificate, saves it to Documents (mouse) and switches learner. By keyboard,
# `tab-to` presses Tab as a person does until the focus (scrolled into view) is on the text.
# Usage: journeys.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy LANG=en_US.UTF-8 LC_ALL=
export LENTERA_DOCUMENTS_DIR=$tmp/docs LENTERA_USB_DIRS=$tmp/usb
mkdir -p docs usb packs
"$pack" keygen -W -p k.pub -s k.key >/dev/null
for i in $(seq -w 1 29); do
  rm -rf c && cp -r "$src/tests/fixtures/course/mini" c
  sed -i "s/^id: .*/id: course-$i/; s/^title: .*/title: Course $i/" c/course.md
  "$pack" build c -s k.key -o "packs/course-$i.lentera" >/dev/null 2>&1 || bad "build $i"
done
rm -rf c && cp -r "$src/tests/fixtures/course/english" c && mkdir c/media
ffmpeg -v error -f lavfi -i testsrc=size=320x180:rate=25:duration=2 -c:v libx264 -pix_fmt yuv420p \
  c/media/clip.mp4 || bad "ffmpeg"
printf 'WEBVTT\n\n00:00.000 --> 00:02.000\nHello from the clip.\n' >c/media/clip.vtt
for p in $(seq 1 80); do printf '\nParagraph %d of the long lesson.\n' "$p"; done >>c/lesson.md
"$pack" build c -s k.key -o packs/english.lentera >/dev/null || bad "build the English course"
is "$(ls packs | wc -l)" 30 "30 packs"

# journey NAME W H: the two runs of one journey; their outputs in NAME-1.out and NAME-2.out
journey() {
  local name=$1 w=$2 h=$3
  rm -rf data && "$player" --data-dir data --trust k.pub >/dev/null
  for f in packs/*.lentera; do "$player" --data-dir data --import "$f" >/dev/null || bad "import $f"; done
  { echo "resize $w $h"; cat "$name-1.txt"; echo quit; } >run1.txt
  { echo "resize $w $h"; cat "$name-2.txt"; echo quit; } >run2.txt
  "$player" --data-dir data --headless --script run1.txt >"$name-$w-1.out" 2>&1
  is "$?" 0 "$name at ${w}x$h, before the restart: $(grep -m1 -A2 'step failed' "$name-$w-1.out")"
  "$player" --data-dir data --headless --script run2.txt >"$name-$w-2.out" 2>&1
  is "$?" 0 "$name at ${w}x$h, after the restart: $(grep -m1 -A2 'step failed' "$name-$w-2.out")"
  is "$(sqlite3 data/log.sqlite "SELECT count(*) FROM attempt t JOIN learner l ON l.id = t.learner_id
      WHERE t.quiz_id = 'posttest' AND t.finished IS NOT NULL")" 2 "$name at ${w}x$h: two post-test attempts recorded"
  is "$(ls data/sertifikat | wc -l)" 1 "$name at ${w}x$h: the certificate written"
  is "$(ls docs | grep -c '^english-sheet.pdf$')" 1 "$name at ${w}x$h: the cheat sheet in Documents"
  rm -f docs/*
}

cat >mouse-1.txt <<'S'
expect "your name to start"
click "Add a new learner"
click "Full name"
type "Rina Wati"
click "Employee ID (NIP, 18 digits)"
type "199001012015012001"
click "Work unit"
type "Front Desk"
click "PIN (optional)"
type "2468"
click "Save"
expect "Hello, Rina Wati"
scroll 100
expect "Why long passwords beat clever ones, and how to choose one you can remember."
click "Safe Passwords"
click "Before You Start"
click "Blue"
click "Submit answer"
expect "Your score: 100"
click "Back to the course"
click "Choosing a Password"
scroll 25
expect "Paragraph 40 of the long lesson."
S
cat >mouse-2.txt <<'S'
click "Rina Wati"
type "2468"
click "Sign in"
expect "Continue: Choosing a Password · Safe Passwords"
click "Search courses"
type "Safe"
expect-not "Course 01"
click "Safe Passwords"
click "Choosing a Password"
expect "Paragraph 40 of the long lesson."
scroll -100
click "Play video"
until "Play again" 20
click "Back to the lesson"
scroll 100
click "Done, next"
click "Save as PDF"
click "Documents folder"
expect "PDF saved in the Documents folder"
click "Done, next"
click "P@ss1"
click "Submit answer"
expect "You have not passed yet"
click "Try again"
click "correct horse battery staple"
click "Submit answer"
expect "Congratulations, you passed!"
click "Open"
expect "The certificate is open"
click "Save to Documents"
expect "Certificate saved in the Documents folder: english-199001012015012001.pdf"
scroll 20
click "Back to the course"
click "Back to the course list"
scroll 100
click "Change learner"
expect "your name to start"
S
cat >keyboard-1.txt <<'S'
expect "your name to start"
tab-to "Add a new learner"
key Return
expect "New learner"
type "Andi Pratama"
key Tab
type "199203042019031004"
key Tab
type "Front Desk"
key Tab
type "1357"
key Return
expect "Hello, Andi Pratama"
tab-to "Safe Passwords"
key Return
tab-to "Before You Start"
key Return
expect "Question 1 of 1"
# Enter on the focused choice, nothing chosen yet, chooses it (shown); Enter again sends it
key Return
expect "Question 1 of 1"
key Return
expect "Your score: 100"
key Return
tab-to "Choosing a Password"
key Return
key PageDown
key PageDown
key PageDown
expect "Paragraph 40 of the long lesson."
S
cat >keyboard-2.txt <<'S'
tab-to "Andi Pratama"
key Return
type "1357"
key Return
expect "Continue: Choosing a Password · Safe Passwords"
tab-to "Search courses"
type "remember"
expect-not "Course 01"
tab-to "Safe Passwords"
key Return
tab-to "Choosing a Password"
key Return
expect "Paragraph 40 of the long lesson."
key Home
tab-to "Play video"
key Return
until "Play again" 20
key Escape
tab-to "Done, next"
key Return
tab-to "Save as PDF"
key Return
tab-to "Documents folder"
key Return
expect "PDF saved in the Documents folder"
tab-to "Done, next"
key Return
expect "Question 1 of 1 · attempt 1 of 3"
key Down
key Return
key Return
expect "You have not passed yet"
tab-to "Try again"
key Return
key space
key Return
expect "Congratulations, you passed!"
tab-to "Open"
key Return
expect "The certificate is open"
tab-to "Back to the course"
key Return
tab-to "Back to the course list"
key Return
tab-to "Change learner"
key Return
expect "your name to start"
S
for size in "1024 768" "800 600"; do journey mouse $size; journey keyboard $size; done
finish journeys
