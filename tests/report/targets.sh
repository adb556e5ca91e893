#!/usr/bin/env bash
# Training targets (issue 14, item 5, second half): course.md `targets: [{audience, measure,
# share, by}]` goes into the pack's manifest (<target>, checked by xmllint against
# schema/manifest.xsd), and `lentera-pack report --pack FILE.lentera` follows each target
# month by month. The pack is made 60 days ago; five learners sign up through the screens
# and pick their group (four Paket A, one Paket B), and with the clock set by faketime two of
# Paket A pass the post-test 50 and 20 days ago, one fails today, one only opens the lesson,
# and Paket B passes. The report's target.csv and target-bulanan.csv are checked against a
# count worked out here: "Sesuai jalur" (2 of 4 = 50% against the straight path's 40%),
# "Tertinggal" (50% against 77%), "Tidak tercapai" (a deadline passed), "Tercapai" (every one
# started); each statement carries the learner's group. Mistakes in `targets` are
# file:line:col errors at check; a file that is not a pack is refused by name.
# Usage: targets.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
command -v faketime >/dev/null || { echo "FAIL: faketime missing (scripts/install-deps.sh)"; exit 1; }
ago() { # ago DAYS COMMAND...: the clock DAYS days back
  local days=$1; shift
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
    DONT_FAKE_MONOTONIC=1 faketime -f "-${days}d" "$@"
}
day() { date -d "$1 days" +%F; } # the local date, e.g. day -60, day +60
dmy() { date -d "$1 days" +%d-%m-%Y; }

"$pack" keygen -W -p k.pub -s k.key >/dev/null
cp -r "$src/tests/fixtures/course/perjalanan" c
sed -i 's/^audience: .*/audience: [paket-a, semua-staf]/' c/course.md
python3 - c/course.md "$(day +60)" "$(day +10)" "$(day -10)" <<'PY'
import sys
p, by, soon, past = sys.argv[1:]
s = open(p).read()
s = s.replace("items:", f"""targets:
  - {{audience: paket-a, measure: passed, share: 0.8, by: {by}}}
  - {{audience: paket-a, measure: passed, share: 90%, by: {soon}}}
  - {{audience: paket-a, measure: passed, share: 0.8, by: {past}}}
  - {{audience: semua-staf, measure: started, share: 1, by: {by}}}
items:""", 1)
open(p, "w").write(s)
PY
created=$(date -d "$(day -60) 12:00" +%s)
SOURCE_DATE_EPOCH=$created "$pack" build c -s k.key -o c.lentera >build.txt 2>&1
is $? 0 "a course with targets builds ($(cat build.txt))"
bsdtar -xOf c.lentera lentera.xml >manifest.xml
xmllint --noout --schema "$src/schema/manifest.xsd" manifest.xml 2>xmllint.txt
is $? 0 "xmllint: the manifest with <target> is valid ($(cat xmllint.txt))"
is "$(xmllint --xpath 'string(//*[local-name()="target"][2]/@share)' manifest.xml) $(xmllint --xpath 'string(//*[local-name()="target"][1]/@by)' manifest.xml)" \
  "0.9000 $(day +60)" "the manifest keeps the share (90% as 0.9) and the date"

P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import c.lentera >/dev/null
is $? 0 "import"
# learner NAME NIP GROUP: the sign-up screen, the group picked by its words
signup() {
  printf 'click "Tambah peserta baru"\nclick "Nama lengkap"\ntype "%s"\nclick "NIP (18 angka)"\ntype "%s"\nclick "Unit kerja"\ntype "Bidang Pelayanan"\nclick "%s"\nclick "Simpan"\nexpect "Halo, %s"\n' "$1" "$2" "$3" "$1"
}
post() { # post RIGHT|WRONG: the post-test from the home page
  local a="Mangga" t="otp"
  [ "$1" = WRONG ] && a="Batu" t="salah"
  printf 'click "Perjalanan Uji"\nclick "Tes Akhir Uji"\nclick "%s"\nclick "Kirim jawaban"\nclick "Kucing"\nclick "Ayam"\nclick "Kirim jawaban"\nclick "Jawaban Anda"\ntype "%s"\nkey Return\nexpect "Nilai Anda"\nquit\n' "$a" "$t"
}
{ signup "Ani" 100000000000000001 "Paket A"; post RIGHT; } >a1.txt
{ signup "Bayu" 100000000000000002 "Paket A"; post RIGHT; } >a2.txt
{ signup "Citra" 100000000000000003 "Paket A"; post WRONG; } >a3.txt
{ signup "Dedi" 100000000000000004 "Paket A"; printf 'click "Perjalanan Uji"\nclick "Pelajaran Uji"\nexpect "Kalimat pertama pelajaran uji."\nquit\n'; } >a4.txt
{ signup "Eka" 100000000000000005 "Paket B"; post RIGHT; } >b1.txt
ago 50 "$player" --data-dir data --headless --script a1.txt >out.txt 2>&1
is $? 0 "Ani passes 50 days ago ($(tail -3 out.txt))"
ago 20 "$player" --data-dir data --headless --script a2.txt >out.txt 2>&1
is $? 0 "Bayu passes 20 days ago ($(tail -3 out.txt))"
for f in a3 a4 b1; do
  P --headless --script $f.txt >out.txt 2>&1
  is $? 0 "$f today ($(tail -3 out.txt))"
done
is "$(sqlite3 data/log.sqlite "SELECT DISTINCT json_extract(json, '\$.context.extensions.\"https://lentera.invalid/xapi/audience\"') FROM outbox ORDER BY 1")" \
  "paket-a
paket-b" "every statement carries the learner's group"

P --export-sync usb >/dev/null 2>&1
"$pack" collect usb --db col.sqlite >/dev/null 2>&1
is $? 0 "collect"
"$pack" report --db col.sqlite -o rep --pack c.lentera >report.txt 2>&1
is $? 0 "report --pack ($(cat report.txt))"
csv() { python3 -c 'import csv,sys
for r in csv.reader(open(sys.argv[1], encoding="utf-8-sig")): print("|".join(r))' "$1" | tail -n +2; }
# the straight path today: 0.8 × 60/120 = 40%; 0.9 × 60/70 = 77%; a passed deadline: 80%
# and who is still needed: 80% of 4 = 4 people, 2 there
is "$(csv rep/target.csv)" "Perjalanan Uji|Paket A|lulus tes akhir|80|$(dmy +60)|4|2|50|40|Sesuai jalur|2
Perjalanan Uji|Paket A|lulus tes akhir|90|$(dmy +10)|4|2|50|77|Tertinggal|2
Perjalanan Uji|Paket A|lulus tes akhir|80|$(dmy -10)|4|2|50|80|Tidak tercapai|2
Perjalanan Uji|Semua staf|mulai belajar|100|$(dmy +60)|5|5|100|50|Tercapai|0" \
  "target.csv: each target's staff, reached, share, path today, status and people still needed, as counted by hand"
# month by month for the first target: from the pack's month to this one, cumulative
python3 - "$(day -60)" "$(day -50)" "$(day -20)" "$(day +0)" "$(day +60)" >want.txt <<'PY'
import datetime, sys
start, ani, bayu, today, by = (datetime.date.fromisoformat(d) for d in sys.argv[1:])
m = start.replace(day=1)
while m <= today:
    nxt = (m.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    end = min(nxt - datetime.timedelta(days=1), today)
    n = sum(1 for d in (ani, bayu) if d <= end)
    path = 0.8 * min(max((end - start).days / (by - start).days, 0), 1)
    print(f"Perjalanan Uji|Paket A|lulus tes akhir|{m:%Y-%m}|{n}|{round(n / 4 * 100)}|{round(path * 100)}")
    m = nxt
PY
is "$(csv rep/target-bulanan.csv | grep '|Paket A|' | awk -F'|' '!seen[$4]++')" "$(cat want.txt)" \
  "target-bulanan.csv: the first target's months, cumulative, beside the path"
has rep/index.html "<h2 id=bagian-[0-9]*>Target pelatihan</h2>" "the page has the section"
has rep/index.html 'aria-label="Perjalanan Uji · Paket A · lulus tes akhir"' "and a chart per target"
has rep/index.html "Sesuai jalur: 80% Paket A lulus tes akhir paling lambat $(dmy +60)" "each says where it stands"
has rep/index.html "hari ini seharusnya 77% (4 pegawai). Kurang 2 pegawai dari jalur. Untuk mencapai target masih perlu 2 pegawai lagi." \
  "a target behind says by how many people"

# the pack built again today (a new version): the path still starts when the course did
sed -i 's/^version: .*/version: 1.0.1/' c/course.md
"$pack" build c -s k.key -o c2.lentera >/dev/null 2>&1
"$pack" report --db col.sqlite -o rep3 --pack c.lentera --pack c2.lentera >/dev/null 2>&1
# (the first record, Ani's 50 days ago, is the start: 0.8 x 50/110 = 36%, not 0% today)
is "$(csv rep3/target.csv | head -1 | cut -d'|' -f9,10)" "36|Sesuai jalur" \
  "a pack rebuilt today keeps the path from the course's first record"

# without --pack the section says how to give them
"$pack" report --db col.sqlite -o rep0 >/dev/null 2>&1
has rep0/index.html "Tidak ada target: jalankan <code>lentera-pack report</code> dengan <code>--pack" \
  "no packs: the section says how"
# a file that is not a pack is refused by name, and nothing is written
echo "bukan paket" >bukan.lentera
"$pack" report --db col.sqlite -o rep1 --pack bukan.lentera >out.txt 2>err.txt
is $? 1 "a file that is not a pack: refused"
has err.txt "^bukan.lentera: error: " "the message names it"
[ -e rep1/index.html ] && bad "a report was written all the same" || ok
# a pack without targets: a warning, the report all the same
"$pack" build "$src/tests/fixtures/course/perjalanan" -s k.key -o plain.lentera >/dev/null 2>&1
"$pack" report --db col.sqlite -o rep4 --pack c >out.txt 2>err.txt
has err.txt "^c: error: is a folder: give the course's pack (.lentera), made by lentera-pack build" \
  "a course folder given for a pack: said so"
"$pack" report --db col.sqlite -o rep2 --pack plain.lentera >out.txt 2>err.txt
is $? 0 "a pack without targets: the report is written"
has err.txt "plain.lentera: warning: this course has no targets" "and a warning says why the section is empty"

# mistakes in targets: file:line:col at check
check_says() { # check_says TARGET_LINE MESSAGE
  rm -rf e && cp -r c e
  python3 - e/course.md "$1" <<'PY'
import sys
p, line = sys.argv[1:]
s = open(p).read().split("\n")
i = next(k for k, l in enumerate(s) if l.startswith("  - {audience: paket-a"))
s[i] = line
open(p, "w").write("\n".join(s))
PY
  "$pack" check e >/dev/null 2>err.txt
  is "$(head -1 err.txt)" "$2" "check: $1"
}
check_says "  - {audience: paket-b, measure: passed, share: 0.8, by: 2027-06-30}" \
  "e/course.md:9:16: error: target audience 'paket-b' is not one of this course's audience (paket-a, semua-staf): add it to audience or aim the target at one of those"
check_says "  - {audience: paket-a, measure: lulus, share: 0.8, by: 2027-06-30}" \
  "e/course.md:9:34: error: unknown target measure 'lulus' (expected started: did anything in the course, or passed: passed its post-test)"
check_says "  - {audience: paket-a, measure: passed, share: 1.5, by: 2027-06-30}" \
  "e/course.md:9:49: error: target share '1.5' is not a share of staff: write 0.8 or 80% (from 1% to 100%)"
check_says "  - {audience: paket-a, measure: passed, share: 0.8, by: 30-06-2027}" \
  "e/course.md:9:58: error: target date '30-06-2027' is not a date: write it as YYYY-MM-DD, e.g. 2027-06-30"
check_says "  - {audience: paket-a, measure: passed, by: 2027-06-30}" \
  "e/course.md:9:5: error: target 1 has no share: write each target as {audience: paket-a, measure: passed, share: 0.8, by: 2027-06-30}"
check_says "  - {audience: paket-a, measure: passed, share: 0.8, when: 2027-06-30}" \
  "e/course.md:9:54: error: unknown field 'when' in 'targets' (expected audience, measure, share or by)"
check_says "  - {audience: paket-a, measure: passed, share: 0,8, by: 2027-06-30}" \
  "e/course.md:9:51: error: '8' after a comma: inside { } a comma separates fields, so write a decimal with a point (0.8), not a comma"
check_says "  - {audience: Paket A, measure: passed, share: 0.8, by: 2027-06-30}" \
  "e/course.md:9:16: error: target audience 'Paket A' is written 'paket-a' (as in audience: paket-a, semua-staf)"
check_says "  - {audience: paket-a, measure: passed, share: 0.8, by: 2025-06-30}" \
  "e/course.md:9:58: warning: target date 2025-06-30 has passed already: the report will only say whether it was reached; set a later date for a target still to come"
check_says "  - paket-a" \
  "e/course.md:9:5: error: each entry of 'targets' must be a mapping in braces, e.g. {audience: paket-a, measure: passed, share: 0.8, by: 2027-06-30}"
finish targets
