#!/usr/bin/env bash
# collect and report, end to end: three learners' scripted sessions are exported to a
# "USB stick", collected (again: nothing doubled; a copy under another name: duplicates; a
# changed statement under a known id: a conflict, the first kept; a broken line: named by
# file:line:col), and reported. The CSV files are checked cell by cell against what the
# learners did, and the page is opened in headless Chromium: its text is read back and a
# screenshot taken (left in $LENTERA_SHOTS when set).
# Usage: run.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
P() { "$player" --data-dir data "$@"; }
C() { "$pack" collect "$@" --db col.sqlite; }
row() { grep -F -- "$2" "rep/$1" | tr -d '\r'; } # row CSV FIRST-CELLS

"$pack" keygen -W -p pub.key.pub -s sec.key >/dev/null
SOURCE_DATE_EPOCH=1700000000 "$pack" build "$src/tests/fixtures/course/perjalanan" -s sec.key -o p.lentera >/dev/null 2>&1
P --trust pub.key.pub >/dev/null && P --import p.lentera >/dev/null
sed "s|@OUT@|$tmp|g" "$src/tests/player/journey.txt" >journey.txt
P --headless --script journey.txt >out.txt 2>&1 || cat out.txt
P --headless --script "$src/tests/report/learners.txt" >out.txt 2>&1
is $? 0 "three learners' sessions"
P --export-sync usb >/dev/null
total=$(sqlite3 data/log.sqlite "SELECT count(*) FROM outbox")
dev=$(ls usb/lentera-sync)

C usb >out.txt 2>&1
is $? 0 "collect"
has out.txt "$total statement(s) added" "all statements added"
C usb >out.txt 2>&1
has out.txt "0 file(s) read, 1 read before" "a file is read once"
cp usb/lentera-sync/"$dev"/*.jsonl usb/lentera-sync/"$dev"/copy.jsonl
C usb/lentera-sync >out.txt 2>&1
has out.txt "0 statement(s) added, $total already there" "the same statements again are duplicates"
# a different statement under a known id, and a line that is not JSON
mkdir -p stick2/lentera-sync/other
first=$(head -1 usb/lentera-sync/"$dev"/copy.jsonl)
id=$(printf '%s' "$first" | sed 's/^{"id":"\([^"]*\)".*/\1/')
{ printf '%s\n' "$first" | sed 's/"name":"Sari Dewi"/"name":"Orang Lain"/'; printf '{"id": oops}\n'; } \
  >stick2/lentera-sync/other/bad.jsonl
C stick2 >out.txt 2>&1
is $? 1 "conflicts and broken lines are reported"
has out.txt "bad.jsonl:1:1: warning: statement $id differs" "conflict named with file:line"
has out.txt "bad.jsonl:2:11: error: not a JSON statement" "broken line named with file:line:col"
is "$(sqlite3 col.sqlite "SELECT actor_name FROM statement WHERE id = '$id'")" "Sari Dewi" "the first statement stays"
is "$(sqlite3 col.sqlite "SELECT count(*) FROM conflict WHERE id = '$id'")" 1 "the conflict kept aside"
is "$(sqlite3 col.sqlite "SELECT count(*) FROM statement")" "$total" "nothing else added"

"$pack" report --db col.sqlite -o rep >out.txt 2>&1
is $? 0 "report"
is "$(head -c 3 rep/soal.csv | od -An -tx1 | tr -d ' ')" efbbbf "CSV starts with a BOM"
is "$(row penyelesaian.csv '"Perjalanan Uji","Bidang Pelayanan"')" '"Perjalanan Uji","Bidang Pelayanan",1,1,100' "completion, Pelayanan"
is "$(row penyelesaian.csv '"Perjalanan Uji","Bidang TI"')" '"Perjalanan Uji","Bidang TI",2,1,50' "completion, TI"
is "$(row tes-awal-akhir.csv '"Perjalanan Uji"')" '"Perjalanan Uji",3,50,3,56,6' "pre-test 50, post-test 56"
is "$(row kelulusan.csv '"Perjalanan Uji"')" '"Perjalanan Uji",3,2,67,3,2' "pass rate"
is "$(row soal-salah.csv '"Pilih satu"')" '"Perjalanan Uji","Tes Akhir Uji","Pilih satu",3,33,"Batu",2' "hardest question and its wrong answer"
is "$(row soal-salah.csv '"Warna langit"')" '"Perjalanan Uji","Tes Awal Uji","Warna langit",3,33,"Hijau",2' "pre-test question"
is "$(row soal-salah.csv '"Pilih semua"')" '"Perjalanan Uji","Tes Akhir Uji","Pilih semua",3,67,"Kucing; Meja",1' "several choices by their text"
is "$(sed -n 2p rep/soal-salah.csv | cut -d, -f3)" '"Pilih satu"' "hardest first"
is "$(row waktu-belajar.csv '"Perjalanan Uji"' | cut -d, -f1-3)" '"Perjalanan Uji",1,2' "active time rows"
# the monthly trend: every statement is of this month (UTC); Pelayanan: Sari started and passed;
# TI: Budi and Citra started, Budi passed
month=$(date -u +%Y-%m)
is "$(row tren-bulanan.csv "\"$month\",\"Bidang Pelayanan\"" | cut -d, -f1-4)" "\"$month\",\"Bidang Pelayanan\",1,1" "trend, Pelayanan"
is "$(row tren-bulanan.csv "\"$month\",\"Bidang TI\"" | cut -d, -f1-4)" "\"$month\",\"Bidang TI\",2,1" "trend, TI"
is "$(row tren-bulanan.csv "\"$month\",\"Bidang TI\"" | cut -d, -f5)" "$(row waktu-belajar.csv '"Perjalanan Uji"' | cut -d, -f4)" "trend minutes: all of this month's active time (TI's learners)"
xmllint --html --noout rep/index.html 2>xml.txt # libxml2's HTML 4 parser knows no SVG tags
is "$(grep error xml.txt | grep -vc 'Tag \(svg\|rect\|text\|title\) invalid')" 0 "the page parses"

# the page in a real browser: its text, and a screenshot
chrome() { timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
  --no-first-run --user-data-dir="$tmp/chrome" "$@" 2>/dev/null; }
chrome --dump-dom "file://$tmp/rep/index.html" >dom.html
has dom.html "Laporan Pelatihan Lentera" "title in Chromium"
has dom.html "Soal yang paling sering salah" "section in Chromium"
is "$(grep -c '<svg' dom.html)" 3 "three inline SVG charts"
is "$(grep -o '<rect[^>]*>' dom.html | grep -c 'fill="#1f5c99"')" 8 "bars drawn (course, post-test, five questions)"
chrome --screenshot="$tmp/report.png" --window-size=1100,2400 "file://$tmp/rep/index.html" >/dev/null
is "$(head -c 4 report.png | tail -c 3)" PNG "screenshot taken"
[ -n "${LENTERA_SHOTS:-}" ] && mkdir -p "$LENTERA_SHOTS" && cp report.png "$LENTERA_SHOTS/"

# texts a learner typed that a spreadsheet would run as formulas (a unit "=2+3", an answer
# =HYPERLINK(...)) reach the CSV neutralised, and a real spreadsheet (Gnumeric's ssconvert)
# reads them back as text, not as results
cat >formula.txt <<'S'
click "Tambah peserta baru"
click "Nama lengkap"
type "Dewi Rumus"
click "NIP (18 angka)"
type "199202022016022002"
click "Unit kerja"
type "=2+3"
click "Simpan"
expect "Halo, Dewi Rumus"
open perjalanan tes-awal
click "Hijau"
click "Kirim jawaban"
click "Jawaban Anda"
type "=HYPERLINK(\"http://contoh.invalid\",\"klik\")"
key Return
expect "Ini tes awal"
quit
S
"$player" --data-dir data3 --trust pub.key.pub >/dev/null && "$player" --data-dir data3 --import p.lentera >/dev/null
"$player" --data-dir data3 --headless --script formula.txt >out.txt 2>&1
is $? 0 "a learner types formulas"
"$player" --data-dir data3 --export-sync usb3 >/dev/null
"$pack" collect usb3 --db col3.sqlite >/dev/null 2>&1
"$pack" report --db col3.sqlite -o rep3 >/dev/null 2>&1
is "$(grep -c "\"'=2+3\"" rep3/penyelesaian.csv)" 1 "the unit's formula is neutralised in the CSV"
is "$(grep -c '^"=\|,"=\|,=\|^=' rep3/*.csv | awk -F: '{ s += $2 } END { print s }')" 0 "no cell starts with ="
ssconvert rep3/penyelesaian.csv penyelesaian.txt >/dev/null 2>&1
ssconvert rep3/soal.csv soal.txt >/dev/null 2>&1
is "$(grep -c '=2+3' penyelesaian.txt)" 1 "Gnumeric reads the unit as the text typed"
is "$(cut -d, -f2 penyelesaian.txt | grep -cx '5')" 0 "Gnumeric computed no formula"
ssconvert rep3/soal.csv soal.xlsx >/dev/null 2>&1 && unzip -p soal.xlsx xl/worksheets/sheet1.xml >sheet.xml
is "$(grep -c '<f>' sheet.xml)" 0 "no formula in the spreadsheet Gnumeric wrote"

# a broken collection path says what is wrong
"$pack" report --db nowhere.sqlite -o rep2 >out.txt 2>&1
is $? 2 "report without a collection"
has out.txt "no such collection" "says so"

finish report
