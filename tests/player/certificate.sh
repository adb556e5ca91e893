#!/usr/bin/env bash
# The certificate an HR officer gets: a learner passes the post-test through the player's
# screens (headless), the PDF is read back with poppler (its words, A4 landscape), drawn with
# pdftoppm and its QR code decoded with zbarimg (it must be the check code printed beside
# it); "Buka" and "Simpan ke flashdisk" work; after export-sync and collect, `lentera-pack
# report --certificate` finds the code and the number, and says plainly when a code is not
# in the records. The same in English, and a course without a signer.
# Usage: certificate.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
for tool in pdftotext pdfinfo pdftoppm zbarimg; do
  command -v $tool >/dev/null || { echo "FAIL: $tool missing (scripts/install-deps.sh)"; exit 1; }
done

# the journey course with a signer and 50 minutes in all (1.5 JP)
"$pack" keygen -W -p pub.key.pub -s sec.key >/dev/null
mk() { # mk OUT VERSION [signer line]
  rm -rf c && cp -r "$src/tests/fixtures/course/perjalanan" c
  sed -i "s/^version: .*/version: $2/" c/course.md
  sed -i 's/^minutes: 5$/minutes: 15/' c/pelajaran.md
  sed -i 's/^kind: cheatsheet$/&\nminutes: 15/' c/ringkasan.md
  sed -i 's/^kind: quiz$/&\nminutes: 10/' c/tes-awal.md c/tes-akhir.md
  [ $# -gt 2 ] && sed -i "s/^publisher: .*/&\n$3/" c/course.md
  SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s sec.key -o "$1" >build.txt 2>&1
}
mk signed.lentera 1.0.0 'signer: {name: "Dr. Budi Santoso, M.Si.", position: "Kepala Bidang Pengembangan SDM", nip: "197001011995031001"}'
is $? 0 "course with a signer builds"
is "$(bsdtar -xOf signed.lentera lentera.xml | xmllint --xpath 'string(//*[local-name()="signer"]/@position)' -)" \
  "Kepala Bidang Pengembangan SDM" "the signer is in the pack's manifest"
"$pack" inspect signed.lentera --json >inspect.json
has inspect.json '"nip": "197001011995031001"' "inspect --json shows the signer"

P() { "$player" --data-dir data "$@"; }
P --trust pub.key.pub >/dev/null && P --import signed.lentera >/dev/null
is $? 0 "import"

# passing the post-test as a learner does: by what is on screen
cat >pass.txt <<'S'
expect "nama Anda untuk mulai"
click "Tambah peserta baru"
click "Nama lengkap"
type "Sari Dewi"
click "NIP (18 angka)"
type "198705122010012001"
click "Unit kerja"
type "Bidang Pelayanan Informasi"
click "Simpan"
expect "Halo, Sari Dewi"
click "Perjalanan Uji"
click "Tes Akhir Uji"
expect "Soal 1 dari 3"
click "Mangga"
click "Kirim jawaban"
click "Kucing"
click "Ayam"
click "Kirim jawaban"
click "Jawaban Anda"
type "otp"
key Return
expect "Selamat, Anda lulus!"
expect "Sertifikat disimpan di komputer ini"
expect "Nomor sertifikat LTR/"
click "Buka"
expect "Sertifikat dibuka di penampil PDF."
click "Simpan ke flashdisk"
expect "Sertifikat disimpan di flashdisk STICK: perjalanan-198705122010012001.pdf"
screenshot result.png
quit
S
mkdir -p media/STICK
LENTERA_USB_DIRS=$tmp/media P --headless --script pass.txt >out.txt 2>&1
is $? 0 "post-test passed through the screens"
cert=data/sertifikat/perjalanan-198705122010012001.pdf
has out.txt "open data/sertifikat/perjalanan-198705122010012001.pdf" "'Buka' opens the certificate's PDF"
cmp -s "$cert" media/STICK/perjalanan-198705122010012001.pdf && ok "the stick holds the same PDF" ||
  bad "the stick's copy differs from the certificate"

# what it says
pdftotext "$cert" cert.txt
id=$(sqlite3 data/log.sqlite "SELECT id FROM outbox WHERE json LIKE '%verbs/passed%'")
code=$(python3 -c "import hashlib,sys
h=int.from_bytes(hashlib.blake2b(sys.argv[1].encode(),digest_size=32).digest()[:5],'big')
a='0123456789ABCDEFGHJKMNPQRSTVWXYZ'; s=''.join(a[(h>>(35-5*i))&31] for i in range(8))
print(s[:4]+'-'+s[4:])" "$id")
number="LTR/$(date +%Y)/$(echo "${id:0:8}" | tr a-f A-F)"
months=(Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember)
today="$(date +%-d) ${months[$(($(date +%-m) - 1))]} $(date +%Y)"
has cert.txt "SERTIFIKAT" "the title"
has cert.txt "Sari Dewi" "the learner's name"
has cert.txt "NIP 19870512 201001 2 001" "the NIP, with its label, spaced as on the staff card"
has cert.txt "Unit kerja: Bidang Pelayanan Informasi" "the work unit"
has cert.txt "Perjalanan Uji" "the course"
has cert.txt "versi 1.0.0" "the course version"
has cert.txt "1,5 JP (50 menit)" "hours of study: 50 minutes rounded up to 1.5 JP"
has cert.txt "Nilai: 100" "the score"
has cert.txt "$today" "the date, with the Indonesian month name"
has cert.txt "Tim Uji Lentera" "the publisher"
has cert.txt "Dr. Budi Santoso, M.Si." "the signer's name"
has cert.txt "Kepala Bidang Pengembangan SDM" "the signer's position"
has cert.txt "NIP 19700101 199503 1 001" "the signer's NIP"
has cert.txt "Nomor: $number" "the certificate number from the passing statement"
has cert.txt "$code" "the check code from the passing statement"
pdfinfo "$cert" >info.txt
grep -Eq "^Pages: +1$" info.txt && ok "one page" || bad "not one page"
has info.txt "Page size:       841.89 x 595.28 pts (A4)" "A4 landscape"
pdffonts "$cert" >fonts.txt 2>/dev/null
has fonts.txt "NotoSerif-Bold" "real fonts embedded (Noto Serif)"

# the picture: its QR code is the check code, and the page is not mostly blank
pdftoppm -r 100 -png -singlefile "$cert" page
is "$(zbarimg -q --raw page.png 2>/dev/null)" "$code" "the QR code decodes to the check code"
pdftoppm -r 30 -gray -singlefile "$cert" grey # a PGM: "P5 w h 255" and a byte a pixel
ink=$(python3 - grey.pgm <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
magic, w, h, top, px = d.split(maxsplit=4)
w, h = int(w), int(h)
m = h // 12  # inside the border: from the first row holding ink to the last, a share
rows = [px[y * w + w // 12:(y + 1) * w - w // 12] for y in range(m, h - m)]
inked = [i for i, r in enumerate(rows) if min(r) < 160]
print(round(100 * (inked[-1] - inked[0] + 1) / len(rows)) if inked else 0)
PY
)
[ "${ink:-0}" -ge 80 ] && ok "the page is filled (text from top to bottom: $ink%)" ||
  bad "the page is mostly blank: its text spans only ${ink:-0}% of the height"
cp page.png "${LENTERA_SHOTS:-.}/certificate.png" 2>/dev/null

# the records come back to the trainer: the report finds the certificate by code and number
P --export-sync usb >/dev/null 2>&1
"$pack" collect usb --db coll.sqlite >/dev/null 2>&1
is $? 0 "collect"
"$pack" report --db coll.sqlite --certificate "$code" >found.txt 2>&1
is $? 0 "report --certificate CODE finds it"
has found.txt "certificate $number (check code $code) is in the records" "names the number and the code"
has found.txt "name     Sari Dewi" "who"
has found.txt "NIP      198705122010012001" "the NIP"
has found.txt "unit     Bidang Pelayanan Informasi" "the unit"
has found.txt "course   Perjalanan Uji" "the course"
has found.txt "version  1.0.0" "the version"
has found.txt "score    100" "the score"
has found.txt "passed   $(date -u +%Y-%m-%d)T" "the date"
lower=$(echo "$code" | tr A-Z a-z | tr -d -)
"$pack" report --db coll.sqlite --certificate "$lower" >typed.txt 2>&1
is $? 0 "a code typed in lower case without the dash is found too"
"$pack" report --db coll.sqlite --certificate "$number" >bynumber.txt 2>&1
is $? 0 "report --certificate NUMBER finds it"
has bynumber.txt "name     Sari Dewi" "by number: who"
other=$( [ "${code:0:1}" = Z ] && echo "Y${code:1}" || echo "Z${code:1}")
"$pack" report --db coll.sqlite --certificate "$other" >missing.txt 2>&1
is $? 1 "a code not in the records: exit 1"
has missing.txt "no passed post-test in this collection has certificate '$other'" "says it plainly"
hasnt missing.txt "Sari Dewi" "and names nobody"
"$pack" report --db coll.sqlite --certificate "LTR/2026/00000000" >missing.txt 2>&1
is $? 1 "a number not in the records: exit 1"
"$pack" report --db coll.sqlite --certificate "K7QF-2M9" >bad.txt 2>&1
is $? 2 "something that is no code: usage error"
has bad.txt "not a certificate's check code" "says what a code looks like"

# the report's certificate register names the same certificate: the code and number printed
# on it (computed here from the statement id, as above), who, the course, the version, the
# local date, the score and its hours (50 minutes: 1.5 JP)
"$pack" report --db coll.sqlite -o rep >report.txt 2>&1
is $? 0 "report with the certificate register"
is "$(tail -n +2 rep/sertifikat.csv | tr -d '\r')" \
  "\"$code\",\"$number\",\"19870512 201001 2 001\",\"Sari Dewi\",\"Bidang Pelayanan Informasi\",\"Perjalanan Uji\",\"1.0.0\",\"$(date +%Y-%m-%d)\",100,1.5" \
  "sertifikat.csv: one row, the printed code and number, who, course, version, date, score, JP"
is "$(head -1 rep/sertifikat.csv | tr -d '\r')" $'\xEF\xBB\xBFKode sertifikat,Nomor,NIP,Nama,Unit kerja,Kursus,Versi,Tanggal,Nilai,JP' "its header"
has rep/index.html "<td>$code</td>" "the register is in the page too"
# a spreadsheet (Gnumeric) reads the NIP as text, whole, not as a number rounded to 15 digits
ssconvert rep/sertifikat.csv sertifikat.xlsx >/dev/null 2>&1 && unzip -p sertifikat.xlsx xl/worksheets/sheet1.xml >sheet.xml
is "$(tr '>' '\n' <sheet.xml | grep -c '<v>198705122010012001<')" 0 "the NIP is no number cell"
ssconvert rep/sertifikat.csv sertifikat.txt >/dev/null 2>&1
has sertifikat.txt "19870512 201001 2 001" "the NIP reads back whole"

# English, and a course that names no signer: the publisher issues it
mk plain.lentera 1.0.1
P --import plain.lentera >/dev/null 2>&1
is $? 0 "version 1.0.1 without a signer installed"
rm -f "$cert"
cat >again.txt <<'S'
learner 198705122010012001 "Sari Dewi"
open perjalanan tes-akhir
expect "Congratulations, you passed!"
quit
S
LANG=en_US.UTF-8 P --headless --script again.txt >out.txt 2>&1
is $? 0 "a lost certificate is made again on opening the passed test (English)"
pdftotext "$cert" en.txt 2>/dev/null
has en.txt "CERTIFICATE" "English title"
has en.txt "$(date +%-d) $(LC_ALL=C date +%B) $(date +%Y)" "English month name"
has en.txt "1.5 JP (50 minutes)" "English JP"
has en.txt "Work unit: Bidang Pelayanan Informasi" "English unit label"
has en.txt "Issued by" "no signer: issued by the publisher"
hasnt en.txt "Budi Santoso" "the new version names no signer"
has en.txt "$code" "the same pass, the same check code"

finish certificate
