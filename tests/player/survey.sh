#!/usr/bin/env bash
# Feedback after a course (issue 14, item 1): a `kind: survey` item rates statements 1-5 in
# words and takes free answers, anonymous or named as its front matter says. Through the
# screens: Sari fills the anonymous survey by mouse (nothing chosen is said, a free answer
# may stay empty), Budi the same by keyboard alone (Tab, digits, Enter), both the named one;
# a survey already given opens on its thanks, not a second response. The log: "responded"
# statements with the rating as result.response and result.score (raw 1-5), the scale as
# a likert interaction; an anonymous survey's statements carry no name and no NIP (the
# actor is "anonim-<registration>") and its answers leave the answer table once sent.
# Learning Locker's validator passes every statement, the test LRS (xapi-statements) takes
# them, and the report shows the mean and distribution per statement and the comments: the
# anonymous ones without names, the named ones with. Authoring mistakes are file:line:col.
# Usage: survey.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
[ -d "$src/tests/xapi/node_modules/xapi-statements" ] ||
  { echo "FAIL: run 'npm install --no-package-lock' in tests/xapi (scripts/test.sh does)"; exit 1; }

"$pack" keygen -W -p k.pub -s k.key >/dev/null
cp -r "$src/tests/fixtures/course/perjalanan" c
cat >c/umpan-balik.md <<'EOF'
---
kind: survey
title: Umpan Balik Uji
anonymous: true
minutes: 2
---

Nilai setiap pernyataan.

## Materinya berguna untuk pekerjaan saya.
<!-- id: berguna -->

## Contohnya mudah diikuti.
<!-- id: mudah -->

## Apa yang perlu diperbaiki?
<!-- id: saran -->
```text
```
EOF
cat >c/saran-nama.md <<'EOF'
---
kind: survey
title: Saran Bernama
anonymous: false
---

## Saya ingin kursus lanjutan.
<!-- id: lanjutan -->

## Topik apa yang Anda usulkan?
<!-- id: topik -->
```text
```
EOF
sed -i 's/^items: \[\(.*\)\]/items: [\1, umpan-balik.md, saran-nama.md]/' c/course.md
"$pack" check c >check.txt 2>&1
is $? 0 "a course with two surveys checks ($(cat check.txt))"
"$pack" build c -s k.key -o s.lentera >build.txt 2>&1
is $? 0 "and builds"
bsdtar -xOf s.lentera quizzes/umpan-balik.xml >survey.xml
is "$(xmllint --xpath 'string(/*/@role)' survey.xml) $(xmllint --xpath 'string(/*/@anonymous)' survey.xml)" \
  "survey true" "the quiz XML says survey, anonymous"
is "$(xmllint --xpath 'count(//*[local-name()="question"][@type="rating"]/*[local-name()="choice"])' survey.xml)" \
  "10" "two ratings of five choices each"
is "$(xmllint --xpath 'string(//*[local-name()="question"][@id="berguna"]/*[local-name()="choice"][5])' survey.xml)" \
  "Sangat setuju" "the scale is in words"
is "$(xmllint --xpath 'string(//*[local-name()="question"][@id="saran"]/@type)' survey.xml)" "text" \
  "the free answer"

P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import s.lentera >/dev/null
is $? 0 "import"

signup() { # signup NAME NIP UNIT: the first screens, as a new learner
  printf 'click "Tambah peserta baru"\nclick "Nama lengkap"\ntype "%s"\nclick "NIP (18 angka)"\ntype "%s"\nclick "Unit kerja"\ntype "%s"\nclick "Simpan"\nexpect "Halo, %s"\n' "$1" "$2" "$3" "$1"
}
sari=198705122010012001 budi=199001012015031002
cat >sari.txt <<S
$(signup "Sari Dewi" $sari "Bidang Pelayanan")
click "Perjalanan Uji"
expect "Umpan balik"
click "Umpan Balik Uji"
expect "Umpan Balik Uji · Pertanyaan 1 dari 3"
expect "Umpan balik ini anonim: nama dan NIP Anda tidak dicatat, hanya unit kerja Anda."
expect "Seberapa setuju Anda dengan pernyataan ini?"
expect "Sangat tidak setuju"
click "Berikutnya"
expect "Pilih satu nilai dulu (1 sampai 5), lalu tekan Berikutnya."
click "Setuju"
expect-not "Pilih satu nilai dulu"
click "Berikutnya"
expect "Pertanyaan 2 dari 3"
click "Sangat setuju"
click "Berikutnya"
expect "Pertanyaan 3 dari 3"
click "Jawaban Anda (boleh dikosongkan)"
type "Contohnya kurang cocok dengan loket kami"
screenshot survey-text.png
click "Kirim umpan balik"
expect "Terima kasih atas umpan balik Anda."
expect "tanpa nama dan NIP"
click "Kembali ke kursus"
expect "Sudah diisi, terima kasih"
click "Umpan Balik Uji"
expect "Terima kasih atas umpan balik Anda."
expect "Anda sudah mengisi umpan balik ini."
expect-not "Pertanyaan 1 dari 3"
click "Kembali ke kursus"
click "Saran Bernama"
expect "Umpan balik ini tidak anonim: nama Anda dicatat bersama jawaban Anda."
click "Sangat setuju"
click "Berikutnya"
click "Jawaban Anda (boleh dikosongkan)"
type "Tanda tangan elektronik"
click "Kirim umpan balik"
expect "Terima kasih atas umpan balik Anda."
quit
S
P --headless --script sari.txt >out.txt 2>&1
is $? 0 "Sari gives both surveys by mouse ($(tail -5 out.txt))"

# Budi, keyboard alone: Tab to the survey, digits rate, Enter sends; the free answer left empty
cat >budi.txt <<S
$(signup "Budi Santoso" $budi "Bagian Umum")
tab-to "Perjalanan Uji"
key Return
tab-to "Umpan Balik Uji"
key Return
expect "Pertanyaan 1 dari 3"
key Return
expect "Pilih satu nilai dulu (1 sampai 5), lalu tekan Berikutnya."
key 2
key Return
expect "Pertanyaan 2 dari 3"
key 3
key Return
expect "Pertanyaan 3 dari 3"
key Return
expect "Terima kasih atas umpan balik Anda."
quit
S
P --headless --script budi.txt >out.txt 2>&1
is $? 0 "Budi gives the anonymous survey by keyboard ($(tail -5 out.txt))"

q() { sqlite3 data/log.sqlite "$1"; }
anon="SELECT json FROM outbox WHERE json LIKE '%:umpan-balik%'"
is "$(q "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/responded%' AND json LIKE '%:umpan-balik:%'")" 6 \
  "six responses to the anonymous survey (3 each)"
q "$anon" >anon.jsonl
is "$(grep -c . anon.jsonl)" 10 "and 10 statements of it in all (attempted, 3 responded, completed, each)"
hasnt anon.jsonl "Sari" "no name in the anonymous survey's statements"
hasnt anon.jsonl "Budi" "no name in the anonymous survey's statements"
hasnt anon.jsonl "$sari" "no NIP in the anonymous survey's statements"
hasnt anon.jsonl "$budi" "no NIP in the anonymous survey's statements"
is "$(grep -c '"account":{"homePage":"[^"]*","name":"anonim-' anon.jsonl)" 10 \
  "each with an actor named for the response alone"
is "$(grep -c '"timestamp":"[0-9-]*T00:00:00.000Z"' anon.jsonl)" 10 \
  "and only the day as its time (nothing to tie it to the learner's named statements)"
is "$(q "SELECT count(*) FROM answer JOIN attempt ON attempt.id = answer.attempt_id WHERE quiz_id = 'umpan-balik'")" 0 \
  "the anonymous answers left the answer table once sent"
is "$(q "SELECT count(*) FROM answer JOIN attempt ON attempt.id = answer.attempt_id WHERE quiz_id = 'saran-nama'")" 2 \
  "the named ones stay"
python3 - "$sari" >rating.txt <<'PY' || bad "the rating statement"
import json, sqlite3, sys
db = sqlite3.connect("data/log.sqlite")
for (j,) in db.execute("SELECT json FROM outbox WHERE json LIKE '%verbs/responded%' AND json LIKE '%:umpan-balik:berguna%'"):
    s = json.loads(j)
    d = s["object"]["definition"]
    print(s["verb"]["display"]["id-ID"], d["interactionType"], ",".join(c["id"] for c in d["scale"]),
          d["scale"][3]["description"]["id"], s["result"]["response"], s["result"]["score"]["raw"],
          s["result"]["score"]["min"], s["result"]["score"]["max"], "success" in s["result"],
          s["context"]["extensions"]["https://lentera.invalid/xapi/role"],
          s["context"]["extensions"]["https://lentera.invalid/xapi/unit"], "name" in s["actor"])
PY
is "$(sort rating.txt | tr '\n' '|')" \
  "menanggapi likert 1,2,3,4,5 Setuju 2 2.0 1.0 5.0 False survey Bagian Umum False|menanggapi likert 1,2,3,4,5 Setuju 4 4.0 1.0 5.0 False survey Bidang Pelayanan False|" \
  "a rating: responded, likert scale 1-5 in words, the rating as response and raw score, the unit, no name"
named=$(q "SELECT json FROM outbox WHERE json LIKE '%verbs/responded%' AND json LIKE '%:saran-nama:topik%'")
case $named in *'"name":"Sari Dewi"'*"$sari"*'"interactionType":"long-fill-in"'*'"response":"Tanda tangan elektronik"'*) ok ;;
  *) bad "the named survey's free answer carries the name, the NIP and the text: $named" ;; esac

# export, Learning Locker's validator, the test LRS
P --export-sync usb >export.txt 2>&1
is $? 0 "export ($(cat export.txt))"
node "$src/tests/xapi/validate.js" usb >valid.txt 2>&1
is $? 0 "every statement passes Learning Locker's validator ($(tail -3 valid.txt))"
test_lrs "$src" data
P --sync >sync.txt 2>&1
is $? 0 "the test LRS takes every statement ($(tail -3 sync.txt))"
python3 "$src/tests/lrs/statements.py" fetch "$lrs_url" kantor rahasia got.jsonl
is "$(grep -c 'verbs/responded' got.jsonl)" 8 "the LRS holds the 8 responses"

# the report: mean and distribution per statement, comments without names when anonymous
"$pack" collect usb --db col.sqlite >collect.txt 2>&1
is $? 0 "collect ($(tail -2 collect.txt))"
"$pack" report --db col.sqlite -o rep >report.txt 2>&1
is $? 0 "report ($(tail -2 report.txt))"
has rep/index.html "<h2 id=bagian-[0-9]*>Umpan balik peserta</h2>" "the report has the feedback section"
python3 - >csv.txt <<'PY'
import csv
for r in csv.DictReader(open("rep/umpan-balik.csv", encoding="utf-8-sig")):
    print("|".join([r["Anonim"], r["Pernyataan"], r["Tanggapan"], r["Rata-rata (1–5)"], r["1 (sangat tidak setuju)"], r["2 (tidak setuju)"], r["3 (ragu-ragu)"], r["4 (setuju)"], r["5 (sangat setuju)"], r["Setuju (%)"]]))
print("--")
for r in csv.DictReader(open("rep/komentar.csv", encoding="utf-8-sig")):
    print("|".join([r["Pertanyaan"], r["Jawaban"], r["Dari"], r["Unit kerja"]]))
PY
is "$(cat csv.txt)" "tidak|Saya ingin kursus lanjutan.|1|5.0|0|0|0|0|1|100
ya|Materinya berguna untuk pekerjaan saya.|2|3.0|0|1|0|1|0|50
ya|Contohnya mudah diikuti.|2|4.0|0|0|1|0|1|50
--
Apa yang perlu diperbaiki?|Contohnya kurang cocok dengan loket kami|(anonim)|(disembunyikan)
Topik apa yang Anda usulkan?|Tanda tangan elektronik|Sari Dewi|Bidang Pelayanan" \
  "per statement: responses, mean, counts 1-5, share agreeing; the comments, named only when the survey is, the unit of an anonymous one only among 5 or more"
sed -n '/<h2 id=bagian-[0-9]*>Umpan balik peserta/,/<h2 id=bagian-[0-9]*>Daftar sertifikat/p' rep/index.html >feedback.html
is "$(grep -o '<text x=[0-9]* y=[0-9]*>[0-9]*%</text>' feedback.html | sed 's/<[^>]*>//g' | tr '\n' ' ')" "60% " \
  "the chart: per course, the share of all its ratings that agree (named 1 of 1, anonymous 2 of 4)"
hasnt feedback.html "Budi" "no anonymous respondent's name in the feedback section"
hasnt feedback.html "$sari" "no NIP in the feedback section"
has rep/index.html "<b>0</b>peserta" "survey responses alone do not count as learners"
sed -n '/<h3>Saran dan komentar/,/<\/table>/p' rep/index.html | grep -o '<tr><td>[^<]*</td><td>Apa yang[^<]*</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*' >anon-row.txt
is "$(sed 's/.*<td>//' anon-row.txt)" "$(date -u +%Y-%m)" "an anonymous comment is dated by its month only"

# authoring mistakes: where and what to do
cp -r c bad
printf '\n## Pilih satu\n\n- [x] Ya\n- [ ] Tidak\n' >>bad/umpan-balik.md
printf '\n## Saran lain?\n<!-- type: text -->\n' >>bad/saran-nama.md
"$pack" check bad >bad.txt 2>&1
is $? 1 "check refuses the mistakes"
has bad.txt "umpan-balik.md:23:1: error: survey statement 'Pilih satu' has choices" "choices in a survey, at file:line:col"
has bad.txt "saran-nama.md:[0-9]*:1: error: a survey's free answer is a fenced \`\`\`text block, not a comment" "a free answer marked the wrong way says how"
printf -- '---\nkind: survey\ntitle: X\nrole: posttest\n---\n' >bad/umpan-balik.md
"$pack" check bad >bad2.txt 2>&1
has bad2.txt "umpan-balik.md:4:1: warning: unknown key 'role'" "a quiz key in a survey is named"
has bad2.txt "survey has no statements" "an empty survey says how to start one"

finish player.survey
