#!/usr/bin/env bash
# item analysis (soal.csv) against a hand computation: hand-written xAPI statements for one
# quiz of five questions, four learners' first attempts and a second attempt that must not
# count, are collected and reported; and the monthly trend from a lesson and a pass made in
# two months.
# Usage: items.sh LENTERA_PACK
set -u
pack=$(realpath "$1")
. "$(dirname "$0")/../lib.sh" || exit 2

n=0
# st NIP SEQ QUESTION SUCCESS RESPONSE: one "answered" statement as the player writes it
st() {
  n=$((n + 1))
  local q=$3 choices=''
  case $q in
  q1) choices=',"interactionType":"choice","choices":[{"id":"a","description":{"id":"Satu"}},{"id":"b","description":{"id":"Dua"}},{"id":"c","description":{"id":"Tiga"}}]' ;;
  q2) choices=',"interactionType":"choice","choices":[{"id":"a","description":{"id":"Ya"}},{"id":"b","description":{"id":"Tidak"}}]' ;;
  *) choices=',"interactionType":"fill-in"' ;;
  esac
  printf '{"id":"00000000-0000-4000-8000-%012d","actor":{"objectType":"Agent","name":"Peserta %s","account":{"homePage":"https://lentera.invalid/pegawai","name":"%s"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/answered","display":{"en-US":"answered"}},"object":{"objectType":"Activity","id":"urn:lentera:uji:kuis:%s","definition":{"name":{"id":"Soal %s"},"type":"http://adlnet.gov/expapi/activities/cmi.interaction"%s}},"result":{"success":%s,"response":"%s"},"context":{"registration":"00000000-0000-4000-9000-%08d%04d","contextActivities":{"parent":[{"objectType":"Activity","id":"urn:lentera:uji:kuis"}],"grouping":[{"objectType":"Activity","id":"urn:lentera:uji","definition":{"name":{"id":"Kursus Uji"},"type":"http://adlnet.gov/expapi/activities/course"}}]},"extensions":{"https://lentera.invalid/xapi/unit":"Bidang Uji","https://lentera.invalid/xapi/role":"posttest","https://lentera.invalid/xapi/attempt-sequence":%d}},"timestamp":"2026-11-0%dT10:00:%02d.000Z","version":"1.0.3"}\n' \
    "$n" "$1" "$1" "$q" "$q" "$choices" "$4" "$5" "$1" "$2" "$2" "$2" "$n"
}
# other NIP VERB OBJECT TYPE RESULT DATE NAME: a statement about the course that is no answer
other() {
  n=$((n + 1))
  printf '{"id":"00000000-0000-4000-8000-%012d","actor":{"objectType":"Agent","name":"Peserta %s","account":{"homePage":"https://lentera.invalid/pegawai","name":"%s"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/%s","display":{"en-US":"%s"}},"object":{"objectType":"Activity","id":"%s","definition":{"name":{"id":"%s"},"type":"http://adlnet.gov/expapi/activities/%s"}},"result":{%s},"context":{"contextActivities":{"parent":[{"objectType":"Activity","id":"urn:lentera:uji","definition":{"name":{"id":"Kursus Uji"},"type":"http://adlnet.gov/expapi/activities/course"}}]},"extensions":{"https://lentera.invalid/xapi/unit":"Bidang Uji","https://lentera.invalid/xapi/role":"posttest"}},"timestamp":"%sT10:00:00.000Z","version":"1.0.3"}\n' \
    "$n" "$1" "$1" "$2" "$2" "$3" "$7" "$4" "$5" "$6"
}
# learner: q1 q2 q3 q4 q5 (1 = right); q1 right is a, q2 right is a
#   L1: 1 1 1 1 0   total 3 (q4 right by all, q5 wrong by all)
#   L2: 1 0 1 1 0
#   L3: 0 1 0 1 0
#   L4: 0 0 0 1 0   and a second attempt all right, which must not count
mkdir -p usb/lentera-sync/dev1
{
  for who in "1 a a" "2 a b" "3 b a" "4 c b"; do
    set -- $who
    r1=false r2=false r3=false
    [ "$2" = a ] && r1=true
    [ "$3" = a ] && r2=true
    [ "$1" -le 2 ] && r3=true
    st "$1" 1 q1 $r1 "$2"
    st "$1" 1 q2 $r2 "$3"
    st "$1" 1 q3 $r3 "$($r3 && echo otp || echo sms)"
    st "$1" 1 q4 true "ya"
    st "$1" 1 q5 false "tidak"
  done
  st 4 2 q1 true a
  st 4 2 q2 true a
  st 4 2 q3 true otp
  st 4 2 q4 true ya
  st 4 2 q5 true benar
  # for the monthly trend: learner 1 completes a lesson in October (90 s active) and passes
  # the post-test in November
  other 1 completed urn:lentera:uji:pelajaran lesson '"duration":"PT1M30S","completion":true' 2026-10-30 Pelajaran
  other 1 passed urn:lentera:uji:kuis assessment '"success":true,"score":{"scaled":0.6}' 2026-11-09 'Kuis Uji'
} >usb/lentera-sync/dev1/20261101T100000Z-1.jsonl

"$pack" collect usb --db col.sqlite >out.txt 2>&1
is $? 0 "collect" || cat out.txt
"$pack" report --db col.sqlite -o rep >out.txt 2>&1
is $? 0 "report" || cat out.txt
row() { grep -F -- "\"Soal $1\"" rep/soal.csv | tr -d '\r'; }

# q1: x = 1,1,0,0 (F = 50 %); rest of the test y = q2+q3+q4+q5 = 3,2,2,1 (the constant q4 and
# q5 shift y, which r ignores). mx = .5, my = 2; dx = .5,.5,-.5,-.5; dy = 1,0,0,-1;
# sum dx dy = .5 + .5 = 1; sum dx^2 = 1; sum dy^2 = 2; r = 1 / sqrt 2 = 0.7071 -> 0.71.
# Picks: a (Satu) 2, b (Dua) 1, c (Tiga) 1.
is "$(row q1)" '"Kursus Uji","Kuis Uji","Soal q1",4,50,0.71,"Satu: 2; Dua: 1; Tiga: 1",""' "q1"
# q2: x = 1,0,1,0; y = q1+q3+1 = 3,3,1,1; dx = .5,-.5,.5,-.5; dy = 1,1,-1,-1;
# sum dx dy = .5 - .5 - .5 + .5 = 0 -> r = 0.00, below 0.2: discriminates badly.
is "$(row q2)" '"Kursus Uji","Kuis Uji","Soal q2",4,50,0.00,"Ya: 2; Tidak: 2","daya beda rendah"' "q2"
# q3: x = 1,1,0,0; y = q1+q2+1 = 3,2,2,1: as q1, r = 0.71. Typed answers counted as typed.
is "$(row q3)" '"Kursus Uji","Kuis Uji","Soal q3",4,50,0.71,"otp: 2; sms: 2",""' "q3"
# q4: everyone right: F = 100 % > 90 %: too easy; x has no spread: no discrimination.
is "$(row q4)" '"Kursus Uji","Kuis Uji","Soal q4",4,100,,"ya: 4","terlalu mudah"' "q4"
# q5: everyone wrong in the first attempt (the second, all right, does not count): F = 0 %.
is "$(row q5)" '"Kursus Uji","Kuis Uji","Soal q5",4,0,,"tidak: 4","terlalu sulit"' "q5"
has rep/index.html "Analisis butir soal" "the section is in the page"
has rep/index.html "<td>Soal q2</td><td class=n>4</td><td class=n>50%</td><td class=n>0.00</td>" "and its numbers"

# the monthly trend: October, learner 1 starts (first statement about the course) with 90 s
# = 1.5 minutes active; November, learners 2-4 start and learner 1 passes
trend() { grep -F -- "\"$1\",\"Bidang Uji\"" rep/tren-bulanan.csv | tr -d '\r'; }
is "$(trend 2026-10)" '"2026-10","Bidang Uji",1,0,1.5' "trend, October"
is "$(trend 2026-11)" '"2026-11","Bidang Uji",3,1,0.0' "trend, November"
has rep/index.html "Tren bulanan per unit kerja" "the trend is in the page"

# a collection made before the attempt column (migration 3) is given it from the statements'
# texts when next opened: learner 4's second attempt, its clock put back before the first,
# still does not count (by time alone, q5 would be right once: 25 %)
sqlite3 col.sqlite "ALTER TABLE statement DROP COLUMN attempt;
  UPDATE statement SET timestamp = '2026-10-01T10:00:00.000Z' WHERE registration LIKE '%000000040002';
  PRAGMA user_version = 2"
"$pack" report --db col.sqlite -o rep2 >out.txt 2>&1
is $? 0 "report on a collection of before migration 3" || cat out.txt
is "$(sqlite3 col.sqlite "SELECT count(*) FROM statement WHERE attempt = 2")" 5 "the attempts read from the texts"
is "$(grep -F -- '"Soal q5"' rep2/soal.csv | tr -d '\r')" '"Kursus Uji","Kuis Uji","Soal q5",4,0,,"tidak: 4","terlalu sulit"' \
  "the first attempt is still the first"

# LENTERA_SQL_PROFILE=0 (for those who measure) lists every statement run, with its time
LENTERA_SQL_PROFILE=0 "$pack" report --db col.sqlite -o rep3 >/dev/null 2>err.txt
has err.txt "^sql  *[0-9.]* ms  WITH a AS (SELECT parent, actor, registration" "the profile names the item analysis"
finish report.items
