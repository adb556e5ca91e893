#!/usr/bin/env bash
# Every screen in English (issue 12): a learner walks the player in English from the first
# screen — new learner (with its errors), PIN, home page, outline, pre-test and its result,
# lesson, video, cheat sheet and its PDF places, a failed and a passed post-test, the
# certificate, "My certificates", help, sending records (to an unreachable server and to a
# stick), importing from a stick (list, progress, summary with a refusal) — with an English
# course, so any Indonesian word drawn is the player's own. Each screen's texts are printed
# by the script's `texts` step and checked against a list of common Indonesian words.
# Usage: english.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy LANG=en_US.UTF-8 LC_ALL=
export LENTERA_DOCUMENTS_DIR=$tmp/docs LENTERA_USB_DIRS=$tmp/usb
mkdir -p docs usb/STICK
"$pack" keygen -W -p k.pub -s k.key >/dev/null
"$pack" keygen -W -p other.pub -s other.key >/dev/null
cp -r "$src/tests/fixtures/course/english" c && mkdir c/media
ffmpeg -v error -f lavfi -i testsrc=size=320x180:rate=25:duration=2 -c:v libx264 -pix_fmt yuv420p \
  c/media/clip.mp4 || bad "ffmpeg"
printf 'WEBVTT\n\n00:00.000 --> 00:02.000\nHello from the clip.\n' >c/media/clip.vtt
"$pack" build c -s k.key -o e.lentera >/dev/null || bad "build the English course"
sed -i 's/^id: .*/id: english-two/; s/^title: .*/title: Second Course/' c/course.md
"$pack" build c -s k.key -o usb/STICK/two.lentera >/dev/null || bad "build the second course"
sed -i 's/^id: .*/id: stranger/; s/^title: .*/title: Stranger Course/' c/course.md
"$pack" build c -s other.key -o usb/STICK/stranger.lentera >/dev/null || bad "build the stranger"
P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import e.lentera >/dev/null || bad "import"
printf '[player]\nhelp_contact = Andi, IT room, ext. 214\n\n[sync]\nendpoint = http://127.0.0.1:9/xapi/\nusername = a\npassword = b\nallow_insecure = true\n' \
  >data/lentera.conf

cat >journey.txt <<'S'
texts
click "Add a new learner"
click "Save"
texts
click "Full name"
type "Sari Dewi"
click "Employee ID (NIP, 18 digits)"
type "1987"
click "Save"
texts
click "Employee ID (NIP, 18 digits)"
type "05122010012001"
click "Work unit"
type "IT Office"
click "PIN (optional)"
type "4321"
click "Save"
texts
click "Safe Passwords"
texts
click "Before You Start"
click "Submit answer"
texts
click "Blue"
click "Submit answer"
texts
key Return
click "Choosing a Password"
texts
click "Play video"
wait 300
texts
until "Play again" 20
texts
key Escape
click "Done, next"
click "Save as PDF"
texts
click "Documents folder"
texts
click "Done, next"
texts
click "P@ss1"
click "Submit answer"
texts
key Return
click "correct horse battery staple"
click "Submit answer"
texts
click "Open"
texts
click "Back to the course"
texts
click "Back to the course list"
click "My certificates"
texts
click "Back"
click "Help"
texts
click "Back"
click "Send learning records"
texts
click "Send now"
until "Not yet sent" 20
texts
click "Save to USB stick"
expect "new records saved to the USB stick STICK · not yet sent to the office server: "
expect-not "Not yet sent to the office server"
texts
click "Back"
click "Import from USB stick"
texts
click "Install all"
texts
until "Done:" 30
texts
click "Back to the course list"
texts
click "Change learner"
texts
click "Sari Dewi"
texts
type "1111"
key Return
texts
S
P --headless --script journey.txt >journey.out 2>&1
is $? 0 "the English journey: $(grep -m3 -A2 'step failed' journey.out)"
grep '^text: ' journey.out | sed 's/^text: //' | sort -u >drawn.txt
is "$(wc -l <drawn.txt | awk '$1 > 80 { print "many" }')" many "texts were drawn on many screens"
has drawn.txt "Done: 1 courses installed, 0 already here, 1 refused."
has drawn.txt "Stranger Course — This course's publisher is not trusted"
has drawn.txt "IT contact: Andi, IT room, ext. 214"
has drawn.txt "In a test: digits 1–9 or Space choose an answer"
# the server was never reached: the sync screen must not claim a success
has drawn.txt "Not yet sent to the office server"
hasnt drawn.txt "Last sent successfully"
# common Indonesian words; a path (data/...) is a file's name, not a sentence
words='yang|dan|untuk|dari|dengan|tidak|belum|sudah|anda|kursus|peserta|pelajaran|soal|jawaban|kembali|simpan|pilih|kirim|masuk|lanjut|lanjutkan|selesai|bagian|menit|ulangi|coba|lagi|lulus|nilai|percobaan|sertifikat|bantuan|flashdisk|berkas|dipasang|ini|itu|atau|akan|bisa|harus|cari|buka|baru|nama|catatan|belajar|tes|awal|akhir|dokumen|tampilkan|putar|jeda|ganti|halo|ke|di|pada|oleh|kunci|penerbit|komputer|salah|benar|gagal|berhasil|disimpan|dikirim|menunggu|terkirim|hapus|batal|tutup|keluar|mulai|sedang|berjalan|kesempatan|unduh|kantor|petugas|hubungi|silakan|mohon|ulang|sandi'
sed -E 's#[^ ]*/[^ ]*##g' drawn.txt | grep -inwE "$words" >indonesian.txt
is "$(cat indonesian.txt)" "" "no Indonesian text on any screen in English"
finish english
