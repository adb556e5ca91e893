#!/usr/bin/env bash
# Two programs on one data folder, and an installed library that stays what was signed, with
# the real binaries. A slow import is the player under tests/fault/faultfs.c with
# FAULT_DELAY_MS: every write into packs/ (the staging folder) waits, like a slow stick.
#   - imports of two versions at once, in both orders: the newer always wins, never a mix;
#   - --trust (which opens the library, and so cleans up staging leftovers) during a slow
#     import does not touch the running import's staging folder;
#   - two windows started at once, each importing a version: the newer wins;
#   - an answer key edited on disk: the quiz does not open, no attempt is recorded; the same
#     pack imported again repairs it;
#   - a raised version in an installed manifest: refused, and it blocks no genuine update;
#   - another key's pack with the same id: refused unless --allow-key; --untrust, revoked,
#     --remove; a key file writable by others is refused and named;
#   - a window open while --import updates its course opens the new version, and so does a
#     pack dropped on the window while a course is open.
# Usage: run.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR FAULTFS_SO
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3") faultfs=$(realpath "$4")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy

"$pack" keygen -W -p k.pub -s k.key >/dev/null
"$pack" keygen -W -p k2.pub -s k2.key >/dev/null
kid2=$(sed -n '1s/.* //p' k2.pub) # "untrusted comment: minisign public key <KEY ID>"
mk() { # mk VERSION KEY OUT
  rm -rf c && cp -r "$src/tests/fixtures/course/perjalanan" c
  sed -i "s/^version: .*/version: $1/" c/course.md
  SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s "$2" -o "$3" >/dev/null 2>&1
}
mk 1.0.0 k.key v100.lentera && mk 1.1.0 k.key v110.lentera && mk 1.2.0 k.key v120.lentera
mk 2.0.0 k2.key other.lentera
files=$(bsdtar -tf v120.lentera | wc -l)

version() { xmllint --xpath 'string(/*/@version)' "$1/packs/perjalanan/lentera.xml" 2>/dev/null; }
# the installed folder holds exactly the pack's entries, with their digests
intact() { # intact DATA PACKFILE
  rm -rf want && mkdir want && (cd want && bsdtar -xf "../$2") &&
    diff -r want "$1/packs/perjalanan" >/dev/null && echo yes || echo no
}
fresh() { # fresh DATA: trusted, 1.0.0 installed
  rm -rf "$1"
  "$player" --data-dir "$1" --trust k.pub >/dev/null 2>&1
  "$player" --data-dir "$1" --import v100.lentera >/dev/null 2>&1
}
slow() { # slow DATA PACK OUT...: a background import whose writes into packs/ crawl
  LD_PRELOAD="$faultfs" FAULT_DIRS="$tmp/$1/packs" FAULT_DELAY_MS=40 \
    "$player" --data-dir "$1" "${@:3}" "$2" >"slow-$1.txt" 2>&1 &
  slow_pid=$!
  for _ in $(seq 200); do # until its staging folder holds some files
    if [ -n "$(find "$1/packs" -path '*/.staging-*/*' -type f 2>/dev/null | head -1)" ]; then break; fi
    sleep 0.05
  done
}

# 1. slow older, fast newer: the newer stays, the older is refused when it comes to swap
fresh d1
slow d1 v110.lentera --import
kill -0 $slow_pid 2>/dev/null
is $? 0 "the slow import is still running when the fast one starts"
"$player" --data-dir d1 --import v120.lentera >fast.txt 2>&1
is $? 0 "fast newer import"
has fast.txt "diperbarui" "fast newer import updated"
wait $slow_pid
is $? 1 "slow older import refused at the swap"
has slow-d1.txt "older than the installed version 1.2.0" "decided against what is installed now"
is "$(version d1)" 1.2.0 "newer wins (slow older first)"
is "$(intact d1 v120.lentera)" yes "the installed 1.2.0 is whole"
is "$(ls -A d1/packs)" perjalanan "no staging left (slow older first)"

# 2. slow newer, fast older: the newer wins too
fresh d2
slow d2 v120.lentera --import
"$player" --data-dir d2 --import v110.lentera >fast.txt 2>&1
is $? 0 "fast older import (newer than 1.0.0)"
wait $slow_pid
is $? 0 "slow newer import"
has slow-d2.txt "diperbarui" "slow newer import updated"
is "$(version d2)" 1.2.0 "newer wins (slow newer first)"
is "$(intact d2 v120.lentera)" yes "the installed 1.2.0 is whole (2)"
is "$(ls -A d2/packs)" perjalanan "no staging left (slow newer first)"

# 3. --trust during a slow import: the running import's staging folder is left alone
fresh d3
slow d3 v120.lentera --import
staging=$(ls -d d3/packs/.staging-* 2>/dev/null | grep -v '\.lock$' | head -1)
before=$(find "$staging" -type f | wc -l)
"$player" --data-dir d3 --trust k2.pub >trust.txt 2>&1
is $? 0 "--trust during an import"
is "$(test -d "$staging" && echo kept)" kept "staging folder of the running import kept"
wait $slow_pid
is $? 0 "the slow import finished"
has slow-d3.txt "diperbarui" "the slow import says updated"
is "$(version d3)" 1.2.0 "installed after --trust"
is "$(intact d3 v120.lentera)" yes "the import is whole after --trust (had $before files at --trust)"
is "$(find d3/packs/perjalanan -type f | wc -l)" "$files" "every entry installed"

# 4. two windows at once, each given a version: the newer wins
fresh d4
echo quit >quit.txt
LD_PRELOAD="$faultfs" FAULT_DIRS="$tmp/d4/packs" FAULT_DELAY_MS=40 \
  "$player" --data-dir d4 --headless --script quit.txt v110.lentera >w1.txt 2>&1 &
w1=$!
sleep 0.3
"$player" --data-dir d4 --headless --script quit.txt v120.lentera >w2.txt 2>&1
wait $w1
is "$(version d4)" 1.2.0 "two windows: newer wins"
has w1.txt "older than the installed version 1.2.0" "the slow window's older pack refused"
is "$(intact d4 v120.lentera)" yes "two windows: installed whole"

# 5. an answer key edited on disk: refused with a plain message, no attempt; re-import repairs
fresh d5
cat >quiz.txt <<'EOF'
learner 1001 "Budi"
open perjalanan tes-akhir
expect "rusak atau telah diubah"
quit
EOF
q=d5/packs/perjalanan/quizzes/tes-akhir.xml
sed -i 's/correct="true"/correct="T"/g; s/correct="false"/correct="true"/g; s/correct="T"/correct="false"/g' "$q"
"$player" --data-dir d5 --headless --script quiz.txt >quiz-out.txt 2>&1
is $? 0 "an edited quiz says it is damaged"
is "$(sqlite3 d5/log.sqlite 'select count(*) from attempt' 2>/dev/null || echo none)" 0 "no attempt on an edited quiz"
"$player" --data-dir d5 --import v100.lentera >repair.txt 2>&1
is $? 0 "same version import repairs"
has repair.txt "diperbaiki" "repair is said"
is "$(intact d5 v100.lentera)" yes "repaired whole"
cat >quiz2.txt <<'EOF'
learner 1001 "Budi"
open perjalanan tes-akhir
expect "Soal 1 dari"
quit
EOF
"$player" --data-dir d5 --headless --script quiz2.txt >quiz-out.txt 2>&1
is $? 0 "the repaired quiz opens"

# 6. a raised version in an installed manifest: refused, a genuine update still installs
sed -i 's/version="1.0.0"/version="9.0.0"/' d5/packs/perjalanan/lentera.xml
"$player" --data-dir d5 --import v110.lentera >raised.txt 2>&1
is $? 0 "an edited manifest blocks no update"
is "$(version d5)" 1.1.0 "the genuine update is installed"

# 7. another key, the same id: refused unless IT allows it; untrust; revoked; remove
"$player" --data-dir d5 --trust k2.pub >/dev/null 2>&1
"$player" --data-dir d5 --import other.lentera >other.txt 2>&1
is $? 1 "another key's pack with this id refused"
has other.txt "--allow-key $kid2" "how to allow it"
is "$(version d5)" 1.1.0 "still the first key's pack"
"$player" --data-dir d5 --import other.lentera --allow-key "$kid2" >other.txt 2>&1
is $? 0 "--allow-key"
is "$(version d5)" 2.0.0 "replaced when allowed"
"$player" --data-dir d5 --untrust "$kid2" >untrust.txt 2>&1
is $? 0 "--untrust"
has untrust.txt "perjalanan" "names the pack that no longer opens"
"$player" --data-dir d5 --headless --script quiz2.txt >q.txt 2>&1
is $? 1 "an untrusted key's pack does not open"
printf 'learner 1001 "Budi"\nexpect "perjalanan: kursus ini tidak dibuka karena penerbitnya tidak lagi dipercaya"\nquit\n' >lib.txt
"$player" --data-dir d5 --headless --script lib.txt >q.txt 2>&1
is $? 0 "the library lists it as refused, with the reason"
"$player" --data-dir d5 --allow-key "$kid2" >q.txt 2>&1
is $? 2 "--allow-key without --import is a usage error"
"$player" --data-dir d5 --trust k2.pub >/dev/null 2>&1
echo "perjalanan@2.0.0" >d5/trusted/revoked
"$player" --data-dir d5 --headless --script quiz2.txt >q.txt 2>&1
is $? 1 "a revoked version does not open"
has q.txt "perjalanan@2.0.0 is revoked" "says it is revoked"
"$player" --data-dir d5 --remove perjalanan >rm.txt 2>&1
is $? 0 "--remove"
is "$(ls -A d5/packs)" "" "removed"
"$player" --data-dir d5 --remove perjalanan >rm.txt 2>&1
is $? 1 "--remove of what is not installed"

# 8. a key file others can change is refused and named
fresh d6
chmod 666 d6/trusted/*.pub
"$player" --data-dir d6 --import v110.lentera >loose.txt 2>&1
is $? 1 "a pack of a loose key file refused"
has loose.txt "writable by other accounts" "says why"
has loose.txt "chmod 644" "says what to do"

# 9. a window open while --import updates the course: the window opens what is installed now
# (the new lesson text), not the old manifest's view of the new files (which would look damaged)
fresh d7
rm -rf c && cp -r "$src/tests/fixtures/course/perjalanan" c
sed -i "s/^version: .*/version: 1.3.0/" c/course.md
sed -i 's/Kalimat pertama pelajaran uji./Kalimat baru versi 1.3.0./' c/pelajaran.md
SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s k.key -o v130.lentera >/dev/null 2>&1
cat >window.txt <<'EOF'
learner 1001 "Budi"
open perjalanan
wait 1500
open perjalanan pelajaran
expect "Kalimat baru versi 1.3.0."
quit
EOF
"$player" --data-dir d7 --headless --script window.txt >window-out.txt 2>&1 &
win=$!
sleep 0.7
"$player" --data-dir d7 --import v130.lentera >/dev/null 2>&1
is $? 0 "import while a window is open"
wait $win
is $? 0 "the open window shows the updated lesson"
[ -s window-out.txt ] && grep -v "^Catatan" window-out.txt | head -5

# 10. a pack dropped on the window while a course is open: the window goes on with the new
# manifests (the old ones are freed by the install)
fresh d8
cat >drop.txt <<EOF
learner 1001 "Budi"
open perjalanan pelajaran
expect "Kalimat pertama pelajaran uji."
drop $tmp/v130.lentera
expect "Kursus berhasil dipasang."
open perjalanan pelajaran
expect "Kalimat baru versi 1.3.0."
quit
EOF
"$player" --data-dir d8 --headless --script drop.txt >drop-out.txt 2>&1
is $? 0 "a drop while a course is open, then the new lesson"
[ -s drop-out.txt ] && grep -v "^Catatan" drop-out.txt | head -5

finish library
