#!/usr/bin/env bash
# Player tests, on SDL's dummy video driver: import and its refusals, the scripted journey
# with assertions on the log, a SIGKILL right after answers (every answer kept, integrity
# ok, the attempt resumes), and the export, every statement checked by Learning Locker's
# validator. Screenshots are left in $LENTERA_SHOTS when set.
# Usage: run.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
shots=${LENTERA_SHOTS:-$tmp/shots}
mkdir -p "$shots"
q() { sqlite3 data/log.sqlite "$1"; }

# packs: version 1.0.0 and 1.1.0 by a trusted key, 0.9.0, and one by a stranger
"$pack" keygen -W -p pub.key.pub -s sec.key >/dev/null
"$pack" keygen -W -p other.pub -s other.key >/dev/null
mk() { # mk VERSION KEY OUT
  rm -rf c && cp -r "$src/tests/fixtures/course/perjalanan" c
  sed -i "s/^version: .*/version: $1/" c/course.md
  SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s "$2" -o "$3" >/dev/null 2>&1
}
mk 1.0.0 sec.key v1.lentera && mk 1.1.0 sec.key v2.lentera && mk 0.9.0 sec.key v0.lentera
mk 1.0.0 other.key stranger.lentera
mkdir t && (cd t && bsdtar -xf ../v1.lentera && printf X >>lessons/pelajaran.xml &&
  bsdtar --format zip -cf ../tampered.lentera $(bsdtar -tf ../v1.lentera))

P() { "$player" --data-dir data "$@"; }
P --import v1.lentera >out.txt 2>err.txt
is $? 1 "untrusted pack refused"
has err.txt "not a trusted key" "untrusted message"
has err.txt "lentera-player --trust" "how to trust"
has err.txt "Tim Uji Lentera" "who signed it"
is "$(ls data/packs)" "" "nothing installed"
P --trust pub.key.pub >/dev/null
is $? 0 "--trust"
P --import v1.lentera >out.txt 2>&1
is $? 0 "import"
has out.txt "terpasang" "installed message"
P --import v1.lentera >out.txt 2>&1
has out.txt "sudah terpasang" "re-import is a no-op"
P --import tampered.lentera >out.txt 2>&1
is $? 1 "tampered refused"
has out.txt "lessons/pelajaran.xml" "names the entry"
P --import stranger.lentera >/dev/null 2>&1
is $? 1 "stranger refused"
P --import v2.lentera >/dev/null 2>&1
is $? 0 "newer version"
P --import v0.lentera >out.txt 2>&1
is $? 1 "older version refused"
has out.txt "older than the installed version 1.1.0" "older message"
is "$(ls -A data/packs)" "perjalanan" "library holds one version, no staging"
is "$(xmllint --xpath 'string(/*/@version)' data/packs/perjalanan/lentera.xml)" 1.1.0 "installed version"

# the journey
sed "s|@OUT@|$shots|g" "$src/tests/player/journey.txt" >journey.txt
P --headless --script journey.txt >out.txt 2>&1
is $? 0 "journey script"
[ -s out.txt ] && cat out.txt
is "$(q "SELECT name || '|' || unit FROM learner")" "Sari Dewi|Bidang Pelayanan" "learner recorded"
is "$(q "SELECT count(*) FROM attempt WHERE finished IS NOT NULL")" 2 "two finished attempts"
is "$(q "SELECT passed FROM attempt WHERE quiz_id = 'tes-akhir'")" 1 "post-test passed"
is "$(q "SELECT group_concat(question_id || '=' || correct, ' ') FROM (SELECT * FROM answer a JOIN attempt t ON a.attempt_id = t.id WHERE t.quiz_id = 'tes-akhir' ORDER BY question_id)")" \
  "ketik=1 satu=1 semua=1" "post-test answers"
is "$(q "SELECT response FROM answer WHERE question_id = 'ibu-kota'")" "jakarta" "typed answer kept as typed"
is "$(q "SELECT state FROM progress WHERE item_id = 'pelajaran'")" completed "lesson completed"
is "$(q "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/passed%'")" 1 "passed statement"
is "$(q "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/answered%'")" 5 "answered statements"
is "$(q "PRAGMA integrity_check")" ok "integrity"
cert=data/sertifikat/perjalanan-198705122010012001.pdf
is "$(head -c 5 "$cert" 2>/dev/null)" "%PDF-" "certificate written"
pdftotext "$cert" cert.txt 2>/dev/null
has cert.txt "Sari Dewi" "certificate names the learner"
has cert.txt "Perjalanan Uji" "certificate names the course"
has cert.txt "Nilai: 100" "certificate shows the score"
is "$(head -c 5 data/dokumen/perjalanan-ringkasan.pdf 2>/dev/null)" "%PDF-" "cheat sheet saved as PDF"
for s in library outline lesson quiz pretest-result posttest-result; do
  [ -s "$shots/$s.png" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: no screenshot $s"; }
done

# keyboard only, in English, through a practice quiz (the mini course: choices in order)
SOURCE_DATE_EPOCH=1700000000 "$pack" build "$src/tests/fixtures/course/mini" -s sec.key -o mini.lentera >/dev/null 2>&1
K() { "$player" --data-dir kb "$@"; } # a fresh data folder: nobody to choose yet
K --trust pub.key.pub >/dev/null && K --import mini.lentera >/dev/null 2>&1
LANG=en_US.UTF-8 K --headless --script "$src/tests/player/keyboard.txt" >out.txt 2>&1
is $? 0 "keyboard-only practice quiz in English"
[ -s out.txt ] && cat out.txt
is "$(sqlite3 kb/log.sqlite "SELECT count(*) FROM answer WHERE correct = 1")" 3 "practice answers recorded"

# packs given on the command line are imported before the window opens
printf 'learner 1 "Uji"\nexpect "Kursus Mini"\nquit\n' >cmdline.txt
"$player" --data-dir kb2 --trust pub.key.pub >/dev/null
"$player" --data-dir kb2 --headless --script cmdline.txt mini.lentera >out.txt 2>&1
is $? 0 "packs on the command line"
has out.txt "mini.lentera: terpasang" "command-line import reported"

# one window per data folder
printf 'wait 4000\nquit\n' >long.txt
"$player" --data-dir data --headless --script long.txt >/dev/null 2>&1 &
long=$!
sleep 1
printf 'quit\n' >short.txt
P --headless --script short.txt >out.txt 2>&1
is $? 2 "a second window on the same data folder is refused"
has out.txt "sudah terbuka" "says the player is already open"
wait $long

# a learner with a PIN (stored as Argon2id), and active time counted while studying
cat >pin.txt <<'S'
click "Tambah peserta baru"
click "Nama lengkap"
type "Rina"
click "NIP (18 angka)"
type "200001012020012003"
click "PIN (boleh kosong)"
type "4321"
click "Simpan"
expect "Halo, Rina"
open perjalanan pelajaran
wait 1500
key Escape
click "Kembali ke daftar kursus"
click "Ganti peserta"
click "Rina"
expect "Masukkan PIN Anda"
click "PIN"
type "1111"
click "Masuk"
expect "PIN salah. Coba lagi."
click "PIN"
type "4321"
click "Masuk"
expect "Halo, Rina"
quit
S
P --headless --script pin.txt >out.txt 2>&1
is $? 0 "PIN sign-in"
[ -s out.txt ] && cat out.txt
is "$(q "SELECT substr(pin_hash, 1, 10) FROM learner WHERE name = 'Rina'")" '$argon2id$' "PIN hashed"
is "$(q "SELECT active_seconds >= 1.4 AND active_seconds < 5 FROM progress p JOIN learner l ON l.id = p.learner_id WHERE l.name = 'Rina'")" 1 "active time counted"

# killed right after two answers: both are in the log, the attempt resumes at question 3
cat >kill.txt <<'S'
learner 198705122010012001 "Sari Dewi"
open perjalanan tes-akhir
expect "Sertifikat disimpan"
click "Ulangi tes"
expect "Soal 1 dari 3"
click "Mangga"
click "Kirim jawaban"
click "Kucing"
click "Kirim jawaban"
expect "Soal 3 dari 3"
wait 60000
S
"$player" --data-dir data --headless --script kill.txt >/dev/null 2>&1 & # the player itself gets the SIGKILL
pid=$!
for _ in $(seq 100); do
  [ "$(q "SELECT count(*) FROM answer a JOIN attempt t ON a.attempt_id = t.id WHERE t.finished IS NULL AND t.quiz_id = 'tes-akhir'" 2>/dev/null)" = 2 ] && break
  sleep 0.1
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
is "$(q "SELECT count(*) FROM answer a JOIN attempt t ON a.attempt_id = t.id WHERE t.finished IS NULL AND t.quiz_id = 'tes-akhir'")" 2 "answers survive SIGKILL"
is "$(q "PRAGMA integrity_check")" ok "integrity after SIGKILL"
printf 'learner 198705122010012001 "Sari Dewi"\nopen perjalanan tes-akhir\nexpect "Soal 3 dari 3"\nquit\n' >resume.txt
P --headless --script resume.txt >out.txt 2>&1
is $? 0 "the attempt resumes at its first unanswered question"
[ -s out.txt ] && cat out.txt

# import from USB sticks found under the mount points (here a fake mount root)
mkdir -p media/STICK/kursus && cp v1.lentera media/STICK/kursus/ && printf junk >media/STICK/rusak.lentera
cat >usb.txt <<'S'
learner 199001012015011002 "Budi"
click "Impor dari flashdisk"
expect "Ditemukan 2 kursus di flashdisk"
expect "Perjalanan Uji  (v1.lentera, STICK)"
click "Pasang semua"
until "Selesai: 0 kursus dipasang, 0 sudah ada, 2 ditolak."
expect "rusak.lentera — Berkas kursus rusak atau telah diubah."
expect "Perjalanan Uji — Versi ini lebih lama dari yang sudah terpasang"
click "Kembali ke daftar kursus"
open perjalanan ringkasan
click "Simpan sebagai PDF"
click "Flashdisk STICK"
expect "PDF disimpan di flashdisk STICK: perjalanan-ringkasan.pdf"
quit
S
LENTERA_USB_DIRS=$tmp/media P --headless --script usb.txt >out.txt 2>&1
is $? 0 "import from a USB stick, in plain words"
is "$(head -c 5 media/STICK/perjalanan-ringkasan.pdf 2>/dev/null)" "%PDF-" "cheat sheet saved on the stick"
[ -s out.txt ] && cat out.txt

# honest progress: a failed post-test is not done; its best score, attempts used and left and
# "Coba lagi" show on the result and the outline; passed, it is done, and opening it again
# shows the result and certificate without starting an attempt unasked
cat >honest.txt <<'S'
learner 199001012015032001 "Dewi Lestari"
open perjalanan
expect "0 dari 4 bagian selesai"
click "Tes Akhir Uji"
expect "percobaan 1 dari 5"
click "Kirim jawaban"
expect "Pilih satu jawaban dulu, lalu kirim."
expect "Soal 1 dari 3"
click "Batu"
click "Kirim jawaban"
click "Meja"
click "Kirim jawaban"
click "Jawaban Anda"
type "salah"
click "Kirim jawaban"
expect "Anda belum lulus."
expect "Percobaan 1 dari 5; 4 kesempatan lagi."
expect "Soal yang belum tepat (jawaban yang benar tidak ditunjukkan selama Anda masih bisa mencoba lagi):"
expect "Pilih satu"
click "Kembali ke kursus"
expect "0 dari 4 bagian selesai"
expect "Belum lulus, nilai terbaik 0 · 4 kesempatan lagi"
click "Coba lagi: Tes Akhir Uji"
expect "percobaan 2 dari 5"
click "Mangga"
click "Kirim jawaban"
click "Kucing"
click "Ayam"
click "Kirim jawaban"
click "Jawaban Anda"
type "otp"
key Return
expect "Selamat, Anda lulus!"
key Return
expect "1 dari 4 bagian selesai"
expect "Lulus, nilai 100"
click "Tes Akhir Uji"
expect "Sertifikat disimpan"
expect "Ulangi tes"
click "Simpan ke flashdisk"
expect "Sertifikat disimpan di flashdisk STICK: perjalanan-199001012015032001.pdf"
click "Buka"
expect "Sertifikat dibuka di penampil PDF."
key Escape
expect "Lulus, nilai 100"
click "Kembali ke daftar kursus"
click "Sertifikat saya"
expect "Perjalanan Uji"
click "Simpan ke flashdisk"
expect "Sertifikat disimpan di flashdisk STICK: perjalanan-199001012015032001.pdf"
click "Kembali ke daftar kursus"
click "Bantuan"
expect "Hubungi petugas TI kantor Anda."
expect "Versi: Lentera"
key Escape
expect "Halo, Dewi Lestari"
quit
S
mkdir -p media/STICK
LENTERA_USB_DIRS=$tmp/media P --headless --script honest.txt >out.txt 2>&1
is $? 0 "honest progress: fail, try again, pass"
[ -s out.txt ] && cat out.txt
is "$(q "SELECT group_concat(number || ':' || passed, ' ') FROM (SELECT t.* FROM attempt t JOIN learner l ON l.id = t.learner_id WHERE l.name = 'Dewi Lestari' AND quiz_id = 'tes-akhir' ORDER BY number)")" \
  "1:0 2:1" "two attempts, the second passed; opening it again started none"
is "$(head -c 5 media/STICK/perjalanan-199001012015032001.pdf 2>/dev/null)" "%PDF-" "the certificate copied to the stick"

# the attempts limit: a new version allows one post-test attempt; after it, no more
mk 1.2.0 sec.key v3.lentera && sed -i 's/^max_attempts: .*/max_attempts: 1/' c/tes-akhir.md &&
  SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s sec.key -o v3.lentera >/dev/null 2>&1
P --import v3.lentera >/dev/null 2>&1
cat >limit.txt <<'S'
learner 197001012000031001 "Tono"
open perjalanan tes-akhir
click "Mangga"
click "Kirim jawaban"
click "Meja"
click "Kirim jawaban"
click "Jawaban Anda"
type "salah"
click "Kirim jawaban"
expect "Anda belum lulus."
expect "Kesempatan sudah habis (1 kali)."
expect "Soal yang belum tepat, dengan jawaban yang benar:"
open perjalanan tes-akhir
expect "Kesempatan untuk \"Tes Akhir Uji\" sudah habis (1 kali)."
quit
S
P --headless --script limit.txt >out.txt 2>&1
is $? 0 "attempts limit"
[ -s out.txt ] && cat out.txt
is "$(q "SELECT count(*) FROM attempt a JOIN learner l ON l.id = a.learner_id WHERE l.name = 'Tono'")" 1 "no second attempt"
is "$(q "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/failed%' AND json LIKE '%Tono%'")" 1 "failed statement"

# export to a USB folder; every statement valid; a second export writes nothing new
P --export-sync usb >out.txt 2>&1
is $? 0 "export"
files=$(find usb/lentera-sync -name '*.jsonl' | wc -l)
is "$files" 1 "one export file"
P --export-sync usb >/dev/null 2>&1
is "$(find usb/lentera-sync -name '*.jsonl' | wc -l)" 1 "nothing new, no new file"
node "$src/tests/xapi/validate.js" usb >out.txt
is $? 0 "statements valid"
cat out.txt

finish player
