#!/usr/bin/env bash
# quizimport.banks: each bug of issue 13 on question banks, and the three banks of 60+
# questions (GIFT, Moodle XML, Aiken) imported, built into one course and checked in the
# pack: question types, partial-credit weights, images in media/, skipped types reported.
# Usage: quizbanks.sh LENTERA_PACK QUIZBANK_DUMP FIXTURES_DIR
set -u
pack=$(realpath "$1") dump=$(realpath "$2") fx=$(cd "$3" && pwd)
. "$(dirname "$0")/../lib.sh" || exit 2
q() { jq -r "$2" "$tmp/$1.json"; } # a value from a bank's dump

# -- the bugs at the top of issue 13 --
"$dump" "$fx/issue13.gift" >"$tmp/i.json" 2>"$tmp/i.txt"
is $? 0 "issue13.gift reads"
is "$(q i '.[0].title')" "Pertama" "a BOM does not eat the first title"
is "$(q i '[.[1].kind, (.[1].answers | map(.weight) | join(","))] | join(" ")')" "single 0,25,50,100" \
  "Moodle's Jerusalem example: one right answer, partial credit kept"
is "$(q i '.[2].answers | map(.text) | join("/")')" "PIN ATM/sandi angka" "=%0%PIN is never accepted"
is "$(q i '.[3].answers[0] | [.correct, .weight] | join(" ")')" "false 0" "=%0% in a multiple choice is wrong"
is "$(q i '.[4].markdown + " | " + .[4].answers[0].markdown')" 'Pilih **satu**: | Benar \& tepat' \
  "Moodle 4 <p dir=ltr> and entities become Markdown"
is "$(q i '.[5].type + " " + .[5].answers[0].text')" "Short true" "{true} is a short answer, as Moodle reads it"
is "$(q i '.[6].type + " " + (.[6].isTrue | tostring)')" "TF true" "{TRUE} is true/false"
has "$tmp/i.txt" "issue13.gift:19:42: warning: '{true}' is a short answer" "{true} says how Moodle reads it"

"$pack" import-quiz "$fx/unclosed.gift" -o "$tmp/u.md" >/dev/null 2>"$tmp/u.txt"
is $? 1 "an unclosed { fails the import"
is "$(head -1 "$tmp/u.txt")" "$fx/unclosed.gift:1:31: error: '{' of 'Rusak' is never closed with '}' before the blank line that ends the question: add the '}'" \
  "the error is at the '{'"
is "$(grep -c error: "$tmp/u.txt")" 1 "one error: the question after it is still read"
is "$(ls "$tmp/u.md" 2>/dev/null)" "" "nothing written"

"$pack" import-quiz "$fx/aiken-case.txt" -o "$tmp/a.md" >/dev/null 2>"$tmp/a.txt"
is $? 1 "aiken-case.txt has one broken question"
is "$(grep -c error: "$tmp/a.txt")" 1 "one message per mistake, not two"
has "$tmp/a.txt" "aiken-case.txt:11:1: error: question has no 'ANSWER: X' line" "at the question"
head -9 "$fx/aiken-case.txt" >"$tmp/ok.txt"
"$pack" import-quiz "$tmp/ok.txt" -o "$tmp/ok.md" >/dev/null 2>&1
is $? 0 "'answer: a' and 'a)' options in any case"
is "$(grep -c '^- \[x\]' "$tmp/ok.md")" 2 "both answers marked"

# Moodle XML: no entity tricks (a DOCTYPE is refused), media/ never through a link
cat >"$tmp/xxe.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<quiz><question type="shortanswer"><name><text>&x;</text></name>
<questiontext format="html"><text>a</text></questiontext>
<answer fraction="100"><text>b</text></answer></question></quiz>
XML
"$pack" import-quiz "$tmp/xxe.xml" -o "$tmp/xxe.md" >/dev/null 2>"$tmp/xxe.txt"
is $? 1 "a DOCTYPE is refused"
has "$tmp/xxe.txt" "xxe.xml:1: error: the file has a DOCTYPE" "and says so"
hasnt "$tmp/xxe.txt" "root:" "no file read through an entity"
mkdir -p "$tmp/l/elsewhere" && ln -s elsewhere "$tmp/l/media"
"$pack" import-quiz "$fx/bank.xml" -o "$tmp/l/q.md" >/dev/null 2>"$tmp/l.txt"
is $? 1 "media/ as a symbolic link is refused"
is "$(find "$tmp/l/elsewhere" "$tmp/l/q.md" -type f 2>/dev/null)" "" "nothing written through it, no quiz"

# -- the banks --
"$dump" "$fx/bank.xml" >"$tmp/x.json" 2>"$tmp/x.txt"
is $? 0 "bank.xml reads"
is "$(q x 'length')" 63 "63 questions in the Moodle XML bank"
is "$(q x 'map(select(.kind == "skipped")) | length')" 6 "6 skipped (numerical, essay, matching…)"
is "$(grep -c 'not supported, skipped' "$tmp/x.txt")" 6 "each skipped one reported"
has "$tmp/x.txt" "bank.xml:2425: warning: 'Angka hari kerja' is a Moodle 'numerical' question: not supported, skipped" \
  "at its file:line"
is "$(q x 'map(select(.title == "Banyak jawaban 33,3"))[0] | [.kind, (.answers | map(.weight | round) | join(","))] | join(" ")')" \
  "multiple 33,33,33,-100" "fraction attributes become weights"
is "$(q x 'map(select(.type == "TF")) | length')" 19 "true/false questions"
is "$(q x '.[0].category')" '$course$/top/Bawaan untuk Pelatihan OPD/Pelayanan Publik' "categories"
has "$tmp/x.txt" "file 'skrip.sh' is not a PNG" "a file that is no image is skipped"
"$dump" "$fx/bank.aiken.txt" >"$tmp/k.json" 2>/dev/null
is "$(q k 'length')" 70 "70 questions in the Aiken bank"

mkdir -p "$tmp/c"
for f in bank.gift bank.xml bank.aiken.txt; do
  "$pack" import-quiz "$fx/$f" -o "$tmp/c/${f%%.*}-${f##*.}.md" >/dev/null 2>&1
  is $? 0 "$f imports"
done
is "$(ls "$tmp/c/media" | tr '\n' ' ')" "Gambar-Kantor.png rahasia.png " "images in media/, names sanitised"
has "$tmp/c/bank-xml.md" '!\[gedung kantor\](media/Gambar-Kantor.png)' "the stem links its image"
cat >"$tmp/c/course.md" <<'MD'
---
id: bank
title: Bank
version: 1.0.0
language: id
audience: semua-staf
publisher: Uji
items: [bank-gift.md, bank-xml.md, bank-txt.md]
---
MD
"$pack" keygen -W -p "$tmp/k.pub" -s "$tmp/k.key" >/dev/null
"$pack" build "$tmp/c" -s "$tmp/k.key" -o "$tmp/b.lentera" >/dev/null 2>"$tmp/build.txt"
is $? 0 "the three imported banks build"
(cd "$tmp" && bsdtar -xf b.lentera)
x() { xmllint --xpath "$2" "$tmp/quizzes/$1.xml"; }
is "$(x bank-gift 'count(//*[local-name()="question"])')" 62 "62 GIFT questions in the pack"
is "$(x bank-xml 'count(//*[local-name()="question"])')" 57 "57 Moodle XML questions in the pack"
is "$(x bank-txt 'count(//*[local-name()="question"])')" 70 "70 Aiken questions in the pack"
is "$(x bank-gift 'string(//*[local-name()="question"][@id="pp03-waktu-pengaduan"]/*[local-name()="choice"][1]/@weight)')" 50 \
  "a partial weight reaches the pack"
is "$(x bank-xml 'count(//*[local-name()="answer"][@weight="50"])')" 1 "a partial short answer"
has "$tmp/lentera.xml" 'media/Gambar-Kantor.png' "the image is in the pack"
finish quizimport.banks
