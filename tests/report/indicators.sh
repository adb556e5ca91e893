#!/usr/bin/env bash
# Service indicators beside the training (issue 14, item 7): `lentera-pack report
# --indicators FILE.csv`. Four learners of two units pass (or fail) the post-test in
# different months by the real player with the clock set by faketime; their records are
# collected, and a spreadsheet's CSV (semicolons, decimal commas, a BOM, a quoted name)
# gives monthly processing times. The report's indikator.csv holds each month's value beside
# the share of the unit's staff in the records who had passed by the month's end, checked
# against a hand count; the page draws one chart per indicator and unit. Bad rows are
# file:line errors and then nothing is written.
# Usage: indicators.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
command -v faketime >/dev/null || { echo "FAIL: faketime missing (scripts/install-deps.sh)"; exit 1; }
at() { # at "YYYY-MM-DD HH:MM:SS" COMMAND...: the clock set to that time
  local when=$1; shift
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
    DONT_FAKE_MONOTONIC=1 faketime "$when" "$@"
}
"$pack" keygen -W -p k.pub -s k.key >/dev/null
SOURCE_DATE_EPOCH=1767225600 "$pack" build "$src/tests/fixtures/course/perjalanan" -s k.key -o p.lentera >/dev/null 2>&1
P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import p.lentera >/dev/null
is $? 0 "import"
# take NAME NIP UNIT RIGHT|WRONG WHEN: a new learner takes the post-test on that day
take() {
  local a="Mangga" b1="Kucing" b2="Ayam" t="otp"
  [ "$4" = WRONG ] && a="Batu" b1="Meja" b2="Kucing" t="salah"
  printf 'click "Tambah peserta baru"\nclick "Nama lengkap"\ntype "%s"\nclick "NIP (18 angka)"\ntype "%s"\nclick "Unit kerja"\ntype "%s"\nclick "Simpan"\nexpect "Halo, %s"\nclick "Perjalanan Uji"\nclick "Tes Akhir Uji"\nclick "%s"\nclick "Kirim jawaban"\nclick "%s"\nclick "%s"\nclick "Kirim jawaban"\nclick "Jawaban Anda"\ntype "%s"\nkey Return\nexpect "Nilai Anda"\nquit\n' \
    "$1" "$2" "$3" "$1" "$a" "$b1" "$b2" "$t" >s.txt
  at "$5" "$player" --data-dir data --headless --script s.txt >out.txt 2>&1
  is $? 0 "$1 on $5 ($(tail -3 out.txt))"
}
take "Ani Lestari" 198001012005012001 "Bidang Pelayanan" RIGHT "2026-07-10 09:00:00"
take "Bayu Putra" 198102022006021002 "Bidang Pelayanan" RIGHT "2026-09-03 10:00:00"
take "Citra Ayu" 198203032007032003 "Bidang Pelayanan" WRONG "2026-07-20 11:00:00"
take "Dedi Kurnia" 198304042008041004 "Bagian Umum" RIGHT "2026-08-05 08:00:00"
P --export-sync usb >/dev/null 2>&1
"$pack" collect usb --db col.sqlite >/dev/null 2>&1
is "$(sqlite3 col.sqlite "SELECT group_concat(substr(timestamp, 1, 7) || ' ' || success, ', ') FROM (SELECT * FROM statement WHERE role = 'posttest' AND verb IN ('passed', 'failed') ORDER BY timestamp)")" \
  "2026-07 1, 2026-07 0, 2026-08 1, 2026-09 1" "the passes and the fail, in their months"

printf '\xEF\xBB\xBFBulan;Unit;Indikator;Nilai;Kursus\r\n2026-07;Bidang Pelayanan;Waktu proses izin (hari);12,5;perjalanan\r\n2026-08;Bidang Pelayanan;Waktu proses izin (hari);10;perjalanan\r\n2026-09;Bidang Pelayanan;Waktu proses izin (hari);8,25;Perjalanan Uji\r\n2026-07;"Bagian Umum";"Permohonan digital; %%";40;\r\n2026-08;Bagian Umum;"Permohonan digital; %%";55;\r\n\r\n' >layanan.csv
"$pack" report --db col.sqlite -o rep --indicators layanan.csv >report.txt 2>&1
is $? 0 "report with indicators ($(cat report.txt))"
python3 - >got.txt <<'PY'
import csv
for r in csv.DictReader(open("rep/indikator.csv", encoding="utf-8-sig")):
    print("|".join(r[k] for k in ["Bulan", "Unit kerja", "Indikator", "Nilai", "Kursus", "Staf di catatan", "Sudah lulus", "Lulus (%)"]))
PY
# by hand: Bidang Pelayanan has 3 staff in the records (Ani, Bayu, Citra); Ani passed in
# July, Bayu in September; Bagian Umum has Dedi, who passed in August
is "$(cat got.txt)" "2026-07|Bagian Umum|Permohonan digital; %|40|(semua)|1|0|0
2026-08|Bagian Umum|Permohonan digital; %|55|(semua)|1|1|100
2026-07|Bidang Pelayanan|Waktu proses izin (hari)|12.5|perjalanan|3|1|33
2026-08|Bidang Pelayanan|Waktu proses izin (hari)|10|perjalanan|3|1|33
2026-09|Bidang Pelayanan|Waktu proses izin (hari)|8.25|Perjalanan Uji|3|2|67" \
  "each month's value beside the share of the unit's staff who had passed by its end"
has rep/index.html "<h2 id=bagian-[0-9]*>Indikator layanan dan pelatihan</h2>" "the section"
has rep/index.html '<li><a href="#bagian-[0-9]*">Indikator layanan dan pelatihan</a></li>' "named in the report's contents"
is "$(grep -c '<svg role=img aria-label="Waktu proses izin (hari) · Bidang Pelayanan' rep/index.html)" 1 \
  "one chart per indicator, unit and course (named by its id or by its title: the same one)"
"$pack" report --db col.sqlite -o rep2 >/dev/null 2>&1
hasnt rep2/index.html "Indikator layanan" "without --indicators, no such section"

# mistakes: each at its line, and nothing written
printf 'bulan,unit,indikator,nilai,kursus\n2026-13,Bidang Pelayanan,Waktu,5,perjalanan\n2026-07,,Waktu,5,\n2026-07,Bidang Pelayanan,Waktu,5 hari,\n2026-07,Bidang Pelayanan,Waktu,5\n2026-08,Bidang Pelayanan,Waktu,5,\n2026-08,Bidang Pelayanan,Waktu,6,\n2026-08,"Bidang Pelayanan,Waktu,6,\n' >bad.csv
"$pack" report --db col.sqlite -o rep3 --indicators bad.csv >bad.txt 2>&1
is $? 1 "bad rows are refused"
is "$(cat bad.txt)" "bad.csv:2: error: bulan '2026-13' is not a month: write it as YYYY-MM, e.g. 2026-07
bad.csv:3: error: 'unit' is empty
bad.csv:4: error: nilai '5 hari' is not a number (write 12.5; no units or % signs)
bad.csv:5: error: 4 fields, but the first line names 5: a name with ',' in it needs quotes (\"Loket 1, 2\")
bad.csv:7: error: a second value of 'Waktu' for Bidang Pelayanan in 2026-08 (the first is at line 6): keep one
bad.csv:8: error: a quote is not closed on this line (a field may not span lines)" "each mistake at its line, in plain words"
[ -e rep3 ] && bad "a refused file wrote a report" || ok
printf 'bulan,unit,indikator,jumlah\n' >cols.csv
"$pack" report --db col.sqlite -o rep3 --indicators cols.csv >cols.txt 2>&1
is "$(cat cols.txt)" "cols.csv:1: error: unknown column 'jumlah': the columns are bulan, unit, indikator, nilai and (optional) kursus
cols.csv:1: error: no 'nilai' column: the first line names the columns, e.g. bulan,unit,indikator,nilai,kursus" "the header"
printf 'bulan,unit,indikator,nilai,kursus\n2026-07,Bidang Pelayanan,Waktu,5,keamanan-dasar\n' >course.csv
"$pack" report --db col.sqlite -o rep3 --indicators course.csv >course.txt 2>&1
is "$?|$(cat course.txt)" "1|course.csv:2: error: no course 'keamanan-dasar' in the records; the records hold: perjalanan (Perjalanan Uji)" \
  "a course the records do not hold"
[ -e rep3 ] && bad "a refused course wrote a report" || ok
printf 'bulan,unit,indikator,nilai\n' >empty.csv
"$pack" report --db col.sqlite -o rep3 --indicators empty.csv >empty.txt 2>&1
is "$(cat empty.txt)" "empty.csv:2: error: no rows under the header: one line per month, unit and indicator" "no rows"
finish report.indicators
