#!/usr/bin/env bash
# Refreshers, "Ulang singkat" (issue 14, item 3): the questions a learner got wrong come back
# on Leitner's schedule (1, 3, 7, 14, 30 days; core/refresher.h). Through the screens, with the
# clock moved by faketime: nothing the day the post-test was failed; the next day the home page
# says "Ulang singkat: 2 soal dari Perjalanan Uji", the set asks them like a practice (the right
# answer and when it comes back after each), by mouse at 1024x768; the day after, the one
# missed again, by keyboard alone at 800x600; nothing on the third day; the first card again on
# the fourth. The log's cards hold the dates worked out by hand; each refresher answer is an
# "answered" statement with role "refresher" and its box, which Learning Locker's validator
# and the test LRS take; the report's question statistics leave them out. A new version of the
# course without one of the questions drops its card.
# Usage: refresher.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
command -v faketime >/dev/null || { echo "FAIL: faketime missing (scripts/install-deps.sh)"; exit 1; }
[ -d "$src/tests/xapi/node_modules/@learninglocker/xapi-validation" ] ||
  { echo "FAIL: run 'npm install --no-package-lock' in tests/xapi (scripts/test.sh does)"; exit 1; }
later() { # later DAYS COMMAND...: the clock DAYS days on (an ASan build is told faketime is fine)
  local days=$1; shift
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
    DONT_FAKE_MONOTONIC=1 faketime -f "+${days}d" "$@"
}
day() { date -d "+$1 days" +%F; } # the local date DAYS days from today
dmy() { date -d "+$1 days" +%d-%m-%Y; }

"$pack" keygen -W -p k.pub -s k.key >/dev/null
cp -r "$src/tests/fixtures/course/perjalanan" c
"$pack" build c -s k.key -o c.lentera >/dev/null 2>&1
is $? 0 "build"
P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import c.lentera >/dev/null
is $? 0 "import"
q() { sqlite3 data/log.sqlite "$1"; }

# day 0: Sari fails the post-test, "Pilih satu" and "Ketik" wrong
nip=198705122010012001
cat >day0.txt <<S
click "Tambah peserta baru"
click "Nama lengkap"
type "Sari Dewi"
click "NIP (18 angka)"
type "$nip"
click "Unit kerja"
type "Bidang Pelayanan"
click "Simpan"
expect "Halo, Sari Dewi"
click "Perjalanan Uji"
click "Tes Akhir Uji"
expect "Soal 1 dari 3"
click "Batu"
click "Kirim jawaban"
click "Kucing"
click "Ayam"
click "Kirim jawaban"
click "Jawaban Anda"
type "sms"
key Return
expect "Anda belum lulus"
expect "Soal yang belum tepat muncul lagi besok di beranda sebagai"
key Escape
key Escape
expect "Halo, Sari Dewi"
expect-not "Ulang singkat: "
expect "Ulang singkat berikutnya: besok, 2 soal."
quit
S
P --headless --script day0.txt >out.txt 2>&1
is $? 0 "day 0: the post-test failed, nothing to refresh yet ($(tail -3 out.txt))"
is "$(q 'SELECT question_id, box, due FROM card ORDER BY missed')" "satu|1|$(day 1)
ketik|1|$(day 1)" "the two questions missed are cards in box 1, due tomorrow"

# day 1, by mouse at 1024x768: "Pilih satu" right (box 2, back in 3 days), "Ketik" wrong again
cat >day1.txt <<S
resize 1024 768
click "Sari Dewi"
expect "Ulang singkat: 2 soal dari Perjalanan Uji"
expect "2 soal yang dulu belum tepat menunggu diulang hari ini"
expect "Soal kembali setelah 1, 3, 7, 14, lalu 30 hari"
screenshot refresher-home.png
click "Ulang singkat: 2 soal dari Perjalanan Uji"
expect "Ulang singkat · Perjalanan Uji · Soal 1 dari 2"
expect "Ulang singkat adalah latihan: nilai tes dan sertifikat tidak berubah."
expect "Pilih satu"
click "Kirim jawaban"
expect "Pilih satu jawaban dulu"
click "Mangga"
click "Kirim jawaban"
expect "Benar!"
expect "Soal ini muncul lagi 3 hari lagi."
expect "Mangga adalah buah."
click "Lanjut"
expect "Soal 2 dari 2"
click "Jawaban Anda"
type "kode"
key Return
expect "Belum tepat."
expect "Jawaban yang benar: OTP"
expect "Soal ini muncul lagi besok."
screenshot refresher-feedback.png
click "Lanjut"
expect "Benar 1 dari 2 soal."
expect "nilai tes dan sertifikat tidak berubah"
expect-not "Masih ada"
screenshot refresher-result.png
click "Kembali ke beranda"
expect "Halo, Sari Dewi"
expect-not "Ulang singkat: "
expect "Ulang singkat berikutnya: besok, 1 soal."
quit
S
later 1 "$player" --data-dir data --headless --script day1.txt >out.txt 2>&1
is $? 0 "day 1: the set by mouse ($(tail -3 out.txt))"
is "$(q 'SELECT question_id, box, due, reviews FROM card ORDER BY question_id')" "ketik|1|$(day 2)|1
satu|2|$(day 4)|1" "the cards moved: right → box 2, due day 1 + 3; wrong → box 1, due day 1 + 1"
is "$(q 'SELECT count(*), sum(passed = 1) FROM attempt')" "1|0" \
  "a refresher is no attempt: the failed post-test stays the only one, not passed"

# day 2, by keyboard alone at 800x600: "Ketik" right
cat >day2.txt <<S
resize 800 600
tab-to "Sari Dewi"
key Return
expect "Ulang singkat: 1 soal dari Perjalanan Uji"
tab-to "Ulang singkat: 1 soal dari Perjalanan Uji"
key Return
expect "Ulang singkat · Perjalanan Uji · Soal 1 dari 1"
type "otp"
key Return
expect "Benar!"
expect "Soal ini muncul lagi 3 hari lagi."
screenshot refresher-800.png
key Return
expect "Benar 1 dari 1 soal."
tab-to "Kembali ke beranda"
key Return
expect "Halo, Sari Dewi"
expect-not "Ulang singkat: "
expect "Ulang singkat berikutnya: $(dmy 4), 1 soal."
quit
S
later 2 "$player" --data-dir data --headless --script day2.txt >out.txt 2>&1
is $? 0 "day 2: the set by keyboard at 800x600 ($(tail -3 out.txt))"
is "$(q 'SELECT question_id, box, due FROM card ORDER BY question_id')" "ketik|2|$(day 5)
satu|2|$(day 4)" "ketik → box 2, due day 2 + 3"

printf 'click "Sari Dewi"\nexpect "Halo, Sari Dewi"\nexpect-not "Ulang singkat: "\nclick "Riwayat belajar saya"\nexpect "Ulang singkat: 2 soal masih diulang (berikutnya %s), 0 soal sudah dikuasai"\nquit\n' "$(dmy 4)" >day3.txt
later 3 "$player" --data-dir data --headless --script day3.txt >out.txt 2>&1
is $? 0 "day 3: nothing due; the transcript counts the cards ($(tail -3 out.txt))"
printf 'click "Sari Dewi"\nexpect "Ulang singkat: 1 soal dari Perjalanan Uji"\nquit\n' >day4.txt
later 4 "$player" --data-dir data --headless --script day4.txt >out.txt 2>&1
is $? 0 "day 4: 'Pilih satu' is due again ($(tail -3 out.txt))"
printf 'click "Sari Dewi"\nexpect "Ulang singkat: 2 soal dari Perjalanan Uji"\nquit\n' >day9.txt
later 9 "$player" --data-dir data --headless --script day9.txt >out.txt 2>&1
is $? 0 "day 9: both are due, the one waiting longest first ($(tail -3 out.txt))"

# the statements: role refresher, the box each card was in, the set as registration
st=$(q "SELECT json_extract(json, '\$.object.id') || ' ' || json_extract(json, '\$.result.success') || ' ' ||
  json_extract(json, '\$.context.extensions.\"https://lentera.invalid/xapi/leitner-box\"') || ' ' ||
  json_extract(json, '\$.context.contextActivities.parent[0].id')
  FROM outbox WHERE json_extract(json, '\$.context.extensions.\"https://lentera.invalid/xapi/role\"') = 'refresher'
  ORDER BY created, rowid" | sed 's|urn:lentera:perjalanan:||g')
is "$st" "tes-akhir:satu 1 1 tes-akhir
tes-akhir:ketik 0 1 tes-akhir
tes-akhir:ketik 1 1 tes-akhir" "three refresher answers: the question, right or not, its box, its quiz"
is "$(q "SELECT count(DISTINCT json_extract(json, '\$.context.registration')) FROM outbox WHERE json LIKE '%\"refresher\"%'")" 2 \
  "each set has its own registration"
P --export-sync usb >export.txt 2>&1
is $? 0 "export ($(cat export.txt))"
node "$src/tests/xapi/validate.js" usb >valid.txt 2>&1
is $? 0 "every statement passes Learning Locker's validator ($(tail -3 valid.txt))"
test_lrs "$src" data
P --sync >sync.txt 2>&1
is $? 0 "the test LRS takes every statement ($(tail -3 sync.txt))"
python3 "$src/tests/lrs/statements.py" fetch "$lrs_url" kantor rahasia got.jsonl
is "$(grep -c '"https://lentera.invalid/xapi/role": *"refresher"' got.jsonl)" 3 "the LRS holds the 3 refresher answers"

# the report counts the post-test alone in its question statistics
"$pack" collect usb --db col.sqlite >/dev/null 2>&1
is $? 0 "collect"
"$pack" report --db col.sqlite -o rep >/dev/null 2>&1
is $? 0 "report"
python3 - >soal.txt <<'PY'
import csv
for r in csv.DictReader(open("rep/soal.csv", encoding="utf-8-sig")):
    print("|".join([r["Soal"], r["Peserta"], r["Fasilitas (%)"]]))
PY
is "$(sort soal.txt)" "Ketik|1|0
Pilih satu|1|0
Pilih semua|1|100" "soal.csv: one learner, the post-test's answers only (a refresher's right answers not counted)"

# a new version of the course without "Ketik": its card is dropped when the set is gathered
cp -r c c2
python3 - c2 <<'PY'
import re, sys
p = sys.argv[1] + "/tes-akhir.md"
s = open(p).read()
s = s[:s.index("## Ketik")].rstrip() + "\n"
open(p, "w").write(s)
p = sys.argv[1] + "/course.md"
s = open(p).read().replace("version: 1.0.0", "version: 1.1.0")
open(p, "w").write(s)
PY
"$pack" build c2 -s k.key -o c2.lentera >/dev/null 2>&1 && P --import c2.lentera >/dev/null 2>&1
is $? 0 "the new version is installed"
printf 'click "Sari Dewi"\nexpect "Ulang singkat: 2 soal dari Perjalanan Uji"\nclick "Ulang singkat: 2 soal"\nexpect "Soal 1 dari 1"\nexpect "Pilih satu"\nquit\n' >day9b.txt
later 9 "$player" --data-dir data --headless --script day9b.txt >out.txt 2>&1
is $? 0 "day 9: the set asks only the question the course still has ($(tail -3 out.txt))"
is "$(q 'SELECT question_id FROM card')" "satu" "the card of the question gone is dropped"
finish refresher
