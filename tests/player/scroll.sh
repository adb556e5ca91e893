#!/usr/bin/env bash
# Everything on a long screen is reached as a person reaches it (issue 12): a library of 30
# courses, at 1024x768 and at 800x600. Scripts see only what is inside the window, so a
# step on a course below the bottom fails, naming it; the mouse wheel, a drag of the scroll
# bar, Page Down and End bring the rest into view; Tab alone walks to the 30th course with
# the focus scrolled into view (after the search box), and Enter opens it; back from a course the library is where
# it was. A USB stick with 25 packs: installed one by one, summarised by title.
# Usage: scroll.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
"$pack" keygen -W -p k.pub -s k.key >/dev/null
mkdir -p stick
for i in $(seq -w 1 30); do
  rm -rf c && cp -r "$src/tests/fixtures/course/mini" c
  sed -i "s/^id: .*/id: kursus-$i/; s/^title: .*/title: Kursus $i/" c/course.md
  for p in $(seq 1 80); do printf '\nParagraf nomor %d dari pelajaran yang panjang.\n' "$p"; done >>c/lesson.md
  SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s k.key -o "stick/kursus-$i.lentera" >/dev/null 2>&1 ||
    { echo "FAIL: build $i"; exit 1; }
done
P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null
for f in stick/*.lentera; do P --import "$f" >/dev/null 2>&1 || bad "import $f"; done
newcomer=$(cat "$src/tests/player/newcomer.txt")
signin='expect "nama Anda untuk mulai"
click "Sari Dewi"
expect "Halo, Sari Dewi"'
run() { # run NAME W H SCRIPT...: the script at that window size; its output in NAME.out
  local name=$1 w=$2 h=$3; shift 3
  { echo "resize $w $h"; printf '%s\n' "$@"; echo quit; } >"$name.txt"
  P --headless --script "$name.txt" >"$name.out" 2>&1
}
for size in "1024 768" "800 600"; do
  set -- $size
  w=$1 h=$2 tag="${1}x$2"
  rm -rf data/log.sqlite*
  # below the bottom, a course cannot be clicked, and the script says why
  run "$tag-hidden" "$w" "$h" "$newcomer" 'click "Kursus 30"'
  is "$?" 1 "$tag: clicking a course below the window fails"
  has "$tag-hidden.out" "'Kursus 30' is drawn below the ${w}x$h window" "$tag: the failure names it"
  # the wheel brings it and the buttons under the list into view; back from the course,
  # the library is where it was
  run "$tag-wheel" "$w" "$h" "$signin" 'expect "Kursus 01"' 'scroll 100' 'expect "Impor dari flashdisk"' \
    'expect "Ganti peserta"' 'click "Kursus 30"' 'expect "Pelajaran Satu"' \
    'key End' 'click "Kembali ke daftar kursus"' 'expect "Kursus 30"' 'click "Kursus 29"' \
    'expect "Pelajaran Satu"'
  is "$?" 0 "$tag: by the wheel: $(grep -m3 -A1 'step failed' "$tag-wheel.out")"
  # the scroll bar: each click under the thumb moves about a page down; a few reach the end
  bar="click-at $((w - 8)) $((h - 20))" clicks=
  for n in 1 2 3 4 5 6 7 8; do
    run "$tag-bar" "$w" "$h" "$signin" 'key Home' "$(for _ in $(seq $n); do echo "$bar"; done)" \
      'expect "Kursus 30"' && { clicks=$n; break; }
  done
  [ -n "$clicks" ] && [ "$clicks" -ge 2 ] && ok || bad "$tag: clicks on the scroll bar to reach the end: '$clicks'"
  echo "  ($tag: $clicks clicks on the scroll bar reach the 30th course)"
  # and its thumb dragged to the bottom
  run "$tag-drag" "$w" "$h" "$signin" 'key Home' "drag $((w - 8)) 20 $((w - 8)) $h" 'expect "Ganti peserta"'
  is "$?" 0 "$tag: the scroll bar dragged: $(grep -m3 -A1 'step failed' "$tag-drag.out")"
  # Page Down and End, by keyboard
  run "$tag-keys" "$w" "$h" "$signin" 'key Home' 'key PageDown' 'key End' 'expect "Ganti peserta"' \
    'expect "Kursus 30"' 'key Home' 'expect "Kursus 01"'
  is "$?" 0 "$tag: Page Down and End: $(grep -m3 -A1 'step failed' "$tag-keys.out")"
  # Tab alone: 30 presses reach the 30th course, in view; Enter opens it
  tabs=$(for _ in $(seq 31); do echo "key Tab"; done) # the search box, then 30 courses
  run "$tag-tab" "$w" "$h" "$signin" 'key Home' "$tabs" 'expect "Kursus 30"' 'key Return' \
    'expect "Pelajaran Satu"' 'expect "Kursus 30"'
  is "$?" 0 "$tag: by Tab alone: $(grep -m3 -A1 'step failed' "$tag-tab.out")"
done
# more than 8 courses: a search box finds one by its title
run search 1024 768 "$signin" 'click "Cari kursus"' 'type "SUS 27"' 'expect "Kursus 27"' \
  'click "Kursus 27"' 'expect "Pelajaran Satu"'
is "$?" 0 "found by search: $(grep -m3 -A1 'step failed' search.out)"
run search-narrow 1024 768 "$signin" 'click "Cari kursus"' 'type "sus 27"' 'expect "Kursus 28"'
is "$?" 1 "the search leaves out the others"
run search-none 1024 768 "$signin" 'click "Cari kursus"' 'type "zzz"' \
  'expect "Tidak ada kursus yang judulnya memuat"'
is "$?" 0 "a search that finds nothing says so"
# one way on: "Lanjutkan" opens the next part of the course studied last
run lanjut 1024 768 "$signin" 'key Home' 'click "Kursus 05"' 'click "Pelajaran Satu"' 'key Escape' \
  'key Escape' 'expect "Lanjutkan: Pelajaran Satu · Kursus 05"' 'click "Lanjutkan"' \
  'expect "Pelajaran 1 dari 1 · Kursus 05"'
is "$?" 0 "Lanjutkan: $(grep -m3 -A1 'step failed' lanjut.out)"
# a lesson reopens exactly where it was left, from the outline, and the outline comes back
# where it was (not where the lesson was)
run resume 1024 768 "$signin" 'key Home' 'click "Kursus 03"' 'click "Pelajaran Satu"' 'scroll 25' \
  'where "Paragraf nomor 40 "' 'key Escape' 'expect "Pelajaran Satu"' 'click "Pelajaran Satu"' \
  'where "Paragraf nomor 40 "'
is "$?" 0 "resume: $(grep -m3 -A1 'step failed' resume.out)"
is "$(grep -c '^where Paragraf nomor 40 ' resume.out)" 2 "the paragraph found before and after"
is "$(grep '^where Paragraf nomor 40 ' resume.out | sort -u | wc -l)" 1 "the lesson reopened at the same place"
# a card says how far the learner is and how long the course takes
run card 1024 768 "$signin" 'key Home' 'expect "Sedang berjalan · 0 dari 3 bagian selesai · "' \
  'expect "Belum mulai · 0 dari 3 bagian selesai · "'
is "$?" 0 "the cards' words: $(grep -m3 -A1 'step failed' card.out)"

# a stick with 24 courses and one from a publisher this PC does not trust: listed by title,
# installed one by one with the course being installed named, then a summary by title with
# the refusal first, naming the key; the summary's end is reached by scrolling
rm -rf data && P --trust k.pub >/dev/null
mkdir -p usb/FLASHDISK && cp stick/kursus-0*.lentera stick/kursus-1*.lentera stick/kursus-2[0-4].lentera usb/FLASHDISK/
"$pack" keygen -W -p other.pub -s other.key >/dev/null
rm -rf c && cp -r "$src/tests/fixtures/course/mini" c
sed -i "s/^id: .*/id: asing/; s/^title: .*/title: Kursus Asing/" c/course.md
"$pack" build c -s other.key -o usb/FLASHDISK/asing.lentera >/dev/null 2>&1 || bad "build asing"
other_id=$(awk '/^untrusted comment/ {print $NF}' other.pub)
is "$(ls usb/FLASHDISK | wc -l)" 25 "25 packs on the stick"
export LENTERA_USB_DIRS=$tmp/usb
run usb 800 600 "$newcomer" 'scroll 100' 'click "Impor dari flashdisk"' \
  'expect "Ditemukan 25 kursus di flashdisk:"' 'expect "Kursus 01  (kursus-01.lentera, FLASHDISK)"' \
  'click "Pasang semua"' 'expect "Memasang 2 dari 25: Kursus 02"' \
  'until "Selesai: 24 kursus dipasang, 0 sudah ada, 1 ditolak."' \
  "expect \"Kursus Asing — Penerbit kursus ini belum dipercaya\"" \
  'scroll 60' 'expect "Kursus 24 — dipasang"' 'key Home' 'click "Kembali ke daftar kursus"' \
  'expect "Kursus 01"'
is "$?" 0 "800x600: a stick's 25 courses, installed one by one: $(grep -m3 -A1 'step failed' usb.out)"
is "$(ls data/packs | grep -c '^kursus-')" 24 "all 24 trusted ones installed"
run usbkey 1024 768 "$signin" 'scroll 100' 'click "Impor dari flashdisk"' 'click "Pasang semua"' \
  'until "Selesai: 0 kursus dipasang, 24 sudah ada, 1 ditolak."' "where \"kunci $other_id\""
is "$?" 0 "the refusal names the untrusted key $other_id: $(grep -m3 -A1 'step failed' usbkey.out)"
# a new PC: no learner and no course yet; the first screen offers the stick, and coming
# back from it is the first screen again (nobody is signed in)
rm -rf data && P --trust k.pub >/dev/null
run first 1024 768 'expect "Belum ada kursus di komputer ini."' 'click "Impor kursus dari flashdisk"' \
  'click "Pasang semua"' 'until "Selesai: 24 kursus dipasang"' 'click "Kembali"' \
  'expect "Tambah peserta baru"' 'expect-not "Belum ada kursus di komputer ini."'
is "$?" 0 "courses imported before anyone signs in: $(grep -m3 -A1 'step failed' first.out)"
finish scroll
