#!/usr/bin/env bash
# Partial credit in the player: Moodle's own GIFT example (one right answer, partial
# weights), imported with lentera-pack import-quiz, built, and answered headless: the
# partly right answer says so, scores its share, is stored with its credit and sent as
# result.score.scaled; the attempt's score adds the shares.
# Usage: partial.sh LENTERA_PACK LENTERA_PLAYER
set -u
pack=$(realpath "$1") player=$(realpath "$2")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
cd "$tmp"
mkdir c
cat >bank.gift <<'GIFT'
::Kota asal::Jesus Christ was from {
	~Jerusalem#This was an important city, but the wrong answer.
	~%25%Bethlehem#He was born here, but not raised here.
	~%50%Galilee#You need to be more specific.
	=Nazareth#Yes! That's right!
}

::Tanda phishing::Pilih semua tanda phishing. {
	~%50%Desakan waktu
	~%50%Alamat pengirim meniru
	~%-100%Dikirim pada jam kerja
}
GIFT
"$pack" import-quiz bank.gift -o c/latihan.md --title "Latihan Bobot" >/dev/null 2>&1
is $? 0 "import"
cat >c/course.md <<'MD'
---
id: bobot
title: Kursus Bobot
version: 1.0.0
language: id
audience: semua-staf
publisher: Tim Uji Lentera
items: [latihan.md]
---
MD
"$pack" keygen -W -p k.pub -s k.key >/dev/null
"$pack" build c -s k.key -o b.lentera >/dev/null 2>&1
is $? 0 "build"
"$player" --data-dir data --trust k.pub >/dev/null && "$player" --data-dir data --import b.lentera >/dev/null 2>&1
is $? 0 "import into the player"
cat >s.txt <<'S'
expect "nama Anda untuk mulai"
click "Tambah peserta baru"
click "Nama lengkap"
type "Sari Dewi"
click "NIP (18 angka)"
type "198705122010012001"
click "Simpan"
click "Kursus Bobot"
click "Latihan Bobot"
expect "Soal 1 dari 2"
click "Galilee"
click "Kirim jawaban"
expect "Sebagian benar (nilai 50%)."
click "Lanjut"
click "Desakan waktu"
click "Alamat pengirim meniru"
click "Kirim jawaban"
expect "Benar!"
click "Lanjut"
expect "Nilai Anda: 75"
quit
S
"$player" --data-dir data --headless --script s.txt >out.txt 2>&1
is $? 0 "script"
[ -s out.txt ] && cat out.txt
q() { sqlite3 data/log.sqlite "$1"; }
is "$(q "SELECT question_id || ':' || correct || ':' || credit FROM answer ORDER BY rowid" | tr '\n' ' ')" \
  "kota-asal:0:0.5 tanda-phishing:1:1.0 " "answers stored with their credit"
is "$(q "SELECT score FROM attempt")" "0.75" "the attempt's score adds the shares"
is "$(q "SELECT count(*) FROM outbox WHERE json LIKE '%answered%' AND json LIKE '%\"scaled\":0.5%'")" 1 \
  "the partly right answer's statement carries result.score.scaled"
finish player.partial
