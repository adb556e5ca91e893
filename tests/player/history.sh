#!/usr/bin/env bash
# "Riwayat belajar saya" (issue 14, item 6): the learner's own transcript, reached from the
# home page by mouse and by keyboard alone, at 1024x768 and 800x600. Sari takes the pre-test,
# fails the post-test once, passes it, sends the feedback survey and, 31 days later (faketime),
# the 1-month follow-up: the transcript lists each finished attempt with its date and score
# in the order made, the parts done, and the certificate's number and check code, the same
# as the certificate's own (read back from the log's "passed" statement). A learner with
# nothing done is told so. Budi's transcript does not show Sari's work. Then the report:
# transkrip.csv and Sari's own page name the same attempts and certificate; printed by
# headless Chromium, her page is one A4 page and the report's sections each begin a page.
# Usage: history.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
command -v faketime >/dev/null || { echo "FAIL: faketime missing (scripts/install-deps.sh)"; exit 1; }
later() {
  local days=$1; shift
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
    DONT_FAKE_MONOTONIC=1 faketime -f "+${days}d" "$@"
}
"$pack" keygen -W -p k.pub -s k.key >/dev/null
cp -r "$src/tests/fixtures/course/perjalanan" c
printf -- '---\nkind: survey\ntitle: Umpan Balik Uji\nanonymous: true\n---\n\n## Berguna.\n' >c/umpan-balik.md
sed -i 's/^items: \[\(.*\)\]/followup: [30]\nitems: [\1, umpan-balik.md]/' c/course.md
"$pack" build c -s k.key -o h.lentera >build.txt 2>&1
is $? 0 "build ($(cat build.txt))"
P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import h.lentera >/dev/null
sari=198705122010012001
cat >day0.txt <<S
click "Tambah peserta baru"
click "Nama lengkap"
type "Sari Dewi"
click "NIP (18 angka)"
type "$sari"
click "Unit kerja"
type "Bidang Pelayanan"
click "Simpan"
expect "Halo, Sari Dewi"
click "Riwayat belajar saya"
expect "Riwayat belajar saya"
expect "Sari Dewi · NIP $sari · Bidang Pelayanan"
expect "Belum ada kegiatan belajar di komputer ini."
click "Kembali ke daftar kursus"
click "Perjalanan Uji"
click "Tes Awal Uji"
until "Kirim jawaban"
texts
quit
S
P --headless --script day0.txt >out.txt 2>&1
is $? 0 "an empty transcript, then the course ($(tail -3 out.txt))"
# the rest by the log's own API through the screens: pre-test (order shuffled: answer by text)
cat >day0b.txt <<S
learner $sari "Sari Dewi"
open perjalanan tes-awal
click "Biru"
click "Kirim jawaban"
click "Jawaban Anda"
type "Jakarta"
key Return
expect "Ini tes awal"
open perjalanan tes-akhir
click "Batu"
click "Kirim jawaban"
click "Kucing"
click "Kirim jawaban"
click "Jawaban Anda"
type "tidak tahu"
key Return
expect "Anda belum lulus"
click "Coba lagi"
click "Mangga"
click "Kirim jawaban"
click "Kucing"
click "Ayam"
click "Kirim jawaban"
click "Jawaban Anda"
type "otp"
key Return
expect "Selamat, Anda lulus!"
open perjalanan umpan-balik
click "Setuju"
click "Kirim umpan balik"
expect "Terima kasih atas umpan balik Anda."
quit
S
P --headless --script day0b.txt >out.txt 2>&1
is $? 0 "pre-test, a failed and a passed post-test, the survey ($(tail -3 out.txt))"
cat >day31.txt <<S
learner $sari "Sari Dewi"
expect "Tes ulang 1 bulan: Perjalanan Uji"
click "Tes ulang 1 bulan: Perjalanan Uji"
click "Mangga"
click "Kirim jawaban"
click "Kucing"
click "Ayam"
click "Kirim jawaban"
click "Jawaban Anda"
type "salah"
key Return
expect "Nilai Anda: 67 dari 100"
quit
S
later 31 "$player" --data-dir data --headless --script day31.txt >out.txt 2>&1
is $? 0 "the 1-month follow-up ($(tail -3 out.txt))"

# the transcript, reached by keyboard alone at 800x600
sid=$(sqlite3 data/log.sqlite "SELECT json_extract(json, '\$.id') FROM outbox WHERE json LIKE '%verbs/passed%' ORDER BY created LIMIT 1")
year=$(date +%Y)
number="LTR/$year/$(echo "${sid:0:8}" | tr a-f A-F)"
for size in 1024x768 800x600; do
  cat >look.txt <<S
resize ${size%x*} ${size#*x}
learner $sari "Sari Dewi"
tab-to "Riwayat belajar saya"
key Return
expect "Riwayat belajar saya"
texts
key PageDown
texts
tab-to "Kembali ke daftar kursus"
key Return
expect "Halo, Sari Dewi"
quit
S
  later 31 "$player" --data-dir data --headless --script look.txt >out.txt 2>&1
  is $? 0 "the transcript at $size by keyboard ($(tail -3 out.txt))"
  sed -n 's/^text: //p' out.txt | awk '!seen[$0]++' >texts-$size.txt
done
t=texts-800x600.txt
has $t "Perjalanan Uji" "the course"
has $t "3 dari 5 bagian selesai · 0 menit belajar aktif" "its parts done (the three quizzes; the lesson and sheet never opened)"
has $t "Belum selesai: Pelajaran Uji, Ringkasan Uji" "and what is left, by title"
has $t "Tes Awal Uji · .* · nilai 100" "the pre-test with its score"
has $t "Tes Akhir Uji · percobaan 1 · .* · nilai 0, belum lulus" "the failed try"
has $t "Tes Akhir Uji · percobaan 2 · .* · nilai 100, lulus" "the passed try"
has $t "Umpan Balik Uji · .* · umpan balik dikirim" "the survey, without a score"
has $t "Tes ulang 1 bulan · Tes Akhir Uji · .* · nilai 67" "the follow-up"
has $t "Sertifikat $number · kode cek " "the certificate's number, as printed on it"
is "$(grep -o 'Tes Awal Uji\|percobaan 1\|percobaan 2\|Umpan Balik Uji ·\|Tes ulang 1 bulan' $t | tr '\n' '|')" \
  "Tes Awal Uji|percobaan 1|percobaan 2|Umpan Balik Uji ·|Tes ulang 1 bulan|" "in the order made"
pdftotext "data/sertifikat/perjalanan-$sari.pdf" cert.txt 2>/dev/null
code=$(grep -o 'kode cek [0-9A-Z]\{4\}-[0-9A-Z]\{4\}' $t | head -1 | cut -d' ' -f3)
has cert.txt "$code" "the check code is the one on the certificate"

# another learner sees only their own
cat >budi.txt <<S
learner 199001012015031002 "Budi Santoso"
click "Riwayat belajar saya"
expect "Belum ada kegiatan belajar di komputer ini."
expect-not "Tes Akhir Uji"
quit
S
P --headless --script budi.txt >out.txt 2>&1
is $? 0 "Budi's transcript is his own ($(tail -3 out.txt))"
# the same transcript in the trainer's report: transkrip.csv, a page per learner, and print
P --export-sync usb >/dev/null 2>&1
"$pack" collect usb --db col.sqlite >/dev/null 2>&1
"$pack" report --db col.sqlite -o rep >report.txt 2>&1
is $? 0 "report ($(tail -2 report.txt))"
python3 - >csv.txt <<'PY'
import csv
for r in csv.DictReader(open("rep/transkrip.csv", encoding="utf-8-sig")):
    print("|".join(r[k] for k in ["NIP", "Nama", "Unit kerja", "Kursus", "Tes awal (%)", "Percobaan tes akhir", "Tes akhir terbaik (%)", "Nomor sertifikat", "Kode cek", "Tes ulang (%)"]))
PY
is "$(cat csv.txt)" "19870512 201001 2 001|Sari Dewi|Bidang Pelayanan|Perjalanan Uji|100|2|100|$number|$code|30 hari: 67" \
  "transkrip.csv: the pre-test, two tries, the best, the certificate as the player showed it, the follow-up"
page=rep/transkrip/$sari.html
has rep/index.html "<a href=\"transkrip/$sari.html\">buka</a>" "the report links the learner's page"
is "$(grep -o '<td>[a-z ]*</td><td class=n>[0-9]*%</td><td>[a-z ]*</td></tr>' $page | sed 's/<[^>]*>/ /g' | tr -s ' ' | tr '\n' '|')" \
  " tes awal 100% selesai | tes akhir 0% belum lulus | tes akhir 100% lulus | tes ulang 67% lulus |" \
  "the page lists every finished test in the order taken (the survey is not a test)"
has $page "100% (2×)" "the best post-test score and how many tries"
chrome() { timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
  --no-first-run --user-data-dir="$tmp/chrome" "$@" 2>/dev/null; }
chrome --no-pdf-header-footer --print-to-pdf="$tmp/transkrip.pdf" "file://$tmp/$page" >/dev/null
chrome --no-pdf-header-footer --print-to-pdf="$tmp/laporan.pdf" "file://$tmp/rep/index.html" >/dev/null
is "$(pdfinfo transkrip.pdf | sed -n 's/^Pages: *//p') $(pdfinfo transkrip.pdf | grep -o 'A4')" "1 A4" \
  "a learner's transcript prints on one A4 page"
pages=$(pdfinfo laporan.pdf | sed -n 's/^Pages: *//p')
is "$(pdfinfo laporan.pdf | grep -o 'A4')" "A4" "the report prints on A4"
# each section starts a page of its own: its heading is the first line of some page
starts=0
for ((p = 1; p <= pages; p++)); do
  first=$(pdftotext -f $p -l $p -layout laporan.pdf - | grep -m1 -v '^\s*$' | sed 's/^ *//')
  case $first in "Umpan balik peserta"|"Daftar sertifikat"|"Transkrip per peserta"|"Analisis butir soal") starts=$((starts + 1)) ;; esac
done
is "$starts" 4 "sections begin pages ($pages pages)"
pdftoppm -r 50 -png -f 1 -l 1 -singlefile laporan.pdf page
[ -s page.png ] && ok || bad "the first printed page renders"
[ -n "${ARTIFACTS:-}" ] && cp laporan.pdf transkrip.pdf "$ARTIFACTS/" 2>/dev/null
finish player.history
