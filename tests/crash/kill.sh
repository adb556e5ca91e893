#!/usr/bin/env bash
# Crash consistency: the player is killed (SIGKILL) at random moments, KILLS times each
# (default 100), while importing (alternately a pack and its update), while recording
# answers, while exporting, while sending to a real LRS (xapi-statements on loopback, plain
# http://, so its [sync] says allow_insecure = true), and a quarter as often while
# collecting and while repairing a damaged log.
# After every kill: the log passes PRAGMA integrity_check, every recorded answer has its
# statement (one transaction), the library holds a complete version (or none) and no staging
# folder once reopened; after a final clean export every statement is in the sync folder
# (copies of one statement are byte-identical); after a final clean sync the LRS holds each
# statement exactly once, with the bytes of the log.
# Usage: kill.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
kills=${KILLS:-100}
. "$(dirname "$0")/../lib.sh" || exit 2
lrs_pid=
trap 'kill $lrs_pid 2>/dev/null; rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy
P() { "$player" --data-dir data "$@"; }
q() { sqlite3 data/log.sqlite "$1"; }
# sleep a random time below $1 seconds
nap() { sleep "$(awk -v m="$1" -v r="$RANDOM" 'BEGIN { printf "%.3f", m * r / 32768 }')"; }

"$pack" keygen -W -p k.pub -s k.key >/dev/null
mk() { # a course with 24 MB of media so an import takes a while
  rm -rf c && cp -r "$src/tests/fixtures/course/perjalanan" c && sed -i "s/^version: .*/version: $1/" c/course.md
  sed -i 's/^max_attempts: .*/max_attempts: 0/' c/tes-akhir.md # 40 attempts: no limit to stop at
  mkdir -p c/media && head -c 24000000 /dev/zero | tr '\0' "$2" >c/media/lampiran.pdf
  printf '\nUnduh [lampiran](media/lampiran.pdf).\n' >>c/pelajaran.md
  SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s k.key -o "$3" >/dev/null 2>&1
}
mk 1.0.0 a v1.lentera && mk 1.1.0 b v2.lentera
P --trust k.pub >/dev/null
t0=$(date +%s.%N); P --import v1.lentera >/dev/null; t1=$(date +%s.%N)
span=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) * 1.5 }')
rm -rf data/packs/perjalanan

# 1. imports
for i in $(seq "$kills"); do
  f=v1.lentera; [ $((i % 2)) = 0 ] && f=v2.lentera
  "$player" --data-dir data --import "$f" >/dev/null 2>&1 & # the player itself, not a subshell, gets the SIGKILL
  pid=$!; nap "$span"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  v=$(python3 "$src/tests/crash/check_library.py" data perjalanan | grep -v staging-left)
  case "$v" in none|1.0.0|1.1.0) ;; *) bad "import kill $i: library is '$v'"; break ;; esac
done
P --trust k.pub >/dev/null # reopening removes staging leftovers
[ -z "$(ls -A data/packs | grep '^\.staging-')" ] && ok || bad "staging left after reopening"
P --import v2.lentera >/dev/null 2>&1
[ "$(python3 "$src/tests/crash/check_library.py" data perjalanan)" = 1.1.0 ] && ok || bad "final import"
[ "$(q 'PRAGMA integrity_check')" = ok ] && ok || bad "integrity after import kills"

# 2. answers: a long script of attempts at the post-test, made anew before each run so it
# goes on from the question the killed attempt resumes at
answers_script() {
  local k open passed
  k=$(q "SELECT count(*) FROM answer WHERE attempt_id = (SELECT max(id) FROM attempt WHERE finished IS NULL)" 2>/dev/null)
  open=$(q "SELECT count(*) FROM attempt WHERE finished IS NULL" 2>/dev/null)
  passed=$(q "SELECT count(*) FROM attempt WHERE passed = 1" 2>/dev/null)
  echo 'learner 198705122010012001 "Sari"'
  echo 'open perjalanan tes-akhir'
  # passed once, the post-test opens on its result: retaking it is the learner's choice
  [ "${open:-0}" = 0 ] && [ "${passed:-0}" -gt 0 ] && echo 'click "Ulangi tes"'
  [ "${k:-0}" -lt 1 ] && { echo 'click "Mangga"'; echo 'click "Kirim jawaban"'; }
  [ "${k:-0}" -lt 2 ] && { echo 'click "Kucing"'; echo 'click "Kirim jawaban"'; }
  [ "${k:-0}" -lt 3 ] && { echo 'click "Jawaban Anda"'; echo 'type "otp"'; echo 'click "Kirim jawaban"'; }
  for _ in $(seq 40); do
    echo 'open perjalanan tes-akhir'; echo 'click "Ulangi tes"'
    # a pause between the answers: the attempt stays begun and half answered a good part
    # of the time, so enough kills land there whatever the build's speed
    echo 'click "Mangga"'; echo 'click "Kirim jawaban"'; echo 'wait 60'
    echo 'click "Kucing"'; echo 'click "Kirim jawaban"'; echo 'wait 60'
    echo 'click "Jawaban Anda"'; echo 'type "otp"'; echo 'click "Kirim jawaban"'
  done
  echo quit
}
# kills land after the player has started and opened the test (timed here, as slow as this
# build is: an ASan build starts several times slower), then anywhere in the next second
printf 'learner 198705122010012001 "Sari"\nopen perjalanan tes-akhir\nquit\n' >start.txt
t0=$(date +%s.%N); "$player" --data-dir data --headless --script start.txt >/dev/null 2>&1; t1=$(date +%s.%N)
start=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
mid=0 grew=0 before=0
for i in $(seq "$kills"); do
  answers_script >answers.txt
  "$player" --data-dir data --headless --script answers.txt >/dev/null 2>&1 &
  pid=$!; sleep "$start"; nap 1.0; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  [ "$(q 'PRAGMA integrity_check')" = ok ] || { bad "integrity after answer kill $i"; break; }
  now=$(q 'SELECT count(*) FROM answer')
  [ "$now" -gt "$before" ] && grew=$((grew + 1))
  [ "$now" -lt "$before" ] && bad "answer kill $i: answers went from $before to $now"
  before=$now
  # landed mid-quiz: the attempt being answered is unfinished, with some answers in
  [ "$(q 'SELECT count(*) FROM attempt t WHERE finished IS NULL AND EXISTS (SELECT 1 FROM answer WHERE attempt_id = t.id)')" -gt 0 ] &&
    mid=$((mid + 1))
done
# most kills must land while answers are being written, or this proves little
[ "$grew" -ge $((kills * 3 / 4)) ] && ok || bad "answers grew in only $grew of $kills kills"
[ "$mid" -ge $((kills / 4)) ] && ok || bad "only $mid of $kills kills landed mid-quiz"
echo "  (answers grew across $grew kills; $mid kills landed mid-quiz, between two answers of an attempt; start took ${start}s)"
answers=$(q 'SELECT count(*) FROM answer')
stmts=$(q "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/answered%'")
[ "$answers" = "$stmts" ] && [ "$answers" -gt 0 ] && ok || bad "answers $answers vs answered statements $stmts"
fin=$(q 'SELECT count(*) FROM attempt WHERE finished IS NOT NULL')
ends=$(q "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/passed%' OR json LIKE '%verbs/failed%'")
[ "$fin" = "$ends" ] && ok || { bad "finished attempts $fin vs passed/failed statements $ends"
  q "SELECT id, uuid, started, finished FROM attempt" >&2
  q "SELECT created, substr(json, instr(json, 'verbs/') + 6, 8), substr(json, instr(json, 'registration') + 15, 36) FROM outbox WHERE json LIKE '%verbs/passed%' OR json LIKE '%verbs/failed%' OR json LIKE '%verbs/attempted%' ORDER BY created" >&2; }
echo "  ($answers answers recorded across $kills kills)"

# 3. exports
for i in $(seq "$kills"); do
  "$player" --data-dir data --export-sync usb >/dev/null 2>&1 &
  pid=$!; nap 0.15; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  [ "$(q 'PRAGMA integrity_check')" = ok ] || { bad "integrity after export kill $i"; break; }
done
P --export-sync usb >/dev/null 2>&1 && ok || bad "final export"
# a kill can leave a temporary file (a dot name, never a .jsonl that collect reads)
left=$(find usb -type f -name '.*' | wc -l)
[ -z "$(find usb -type f ! -name '.*' ! -name '*.jsonl')" ] && ok || bad "export left files other than .jsonl and dot-named temporaries"
echo "  ($left temporary files left by killed exports, all dot-named and ignored by collect)"
# 3b. collect, killed while it stores
for i in $(seq $((kills / 4))); do
  "$pack" collect usb --db col.sqlite >/dev/null 2>&1 &
  pid=$!; nap 0.3; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  [ ! -f col.sqlite ] || [ "$(sqlite3 col.sqlite 'PRAGMA integrity_check')" = ok ] ||
    { bad "integrity after collect kill $i"; break; }
done
"$pack" collect usb --db col.sqlite >/dev/null 2>&1
[ "$(sqlite3 col.sqlite 'SELECT count(*) FROM statement')" = "$(q 'SELECT count(*) FROM outbox')" ] && ok ||
  bad "collect after kills: $(sqlite3 col.sqlite 'SELECT count(*) FROM statement') of $(q 'SELECT count(*) FROM outbox') statements"
python3 - "$tmp/usb" "$tmp/data/log.sqlite" <<'PY' && ok || bad "export: statements missing or altered"
import json, os, sqlite3, sys
seen = {}
for root, _, names in os.walk(sys.argv[1]):
    for n in names:
        if not n.endswith('.jsonl') or n.startswith('.'):
            continue
        for line in open(os.path.join(root, n)):
            line = line.rstrip('\n')
            sid = json.loads(line)['id']
            assert seen.setdefault(sid, line) == line, 'two different copies of ' + sid
db = sqlite3.connect(sys.argv[2])
ids = {r[0]: r[1] for r in db.execute('SELECT id, json FROM outbox')}
missing = [i for i in ids if i not in seen]
assert not missing, f'{len(missing)} statements never exported'
assert all(seen[i] == ids[i] for i in ids), 'exported bytes differ from the log'
print(f'  ({len(ids)} statements, each exported with the bytes in the log)')
PY
# 4. sync to an LRS
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
node "$src/tests/lrs/lrs.js" "$port" kantor rahasia >lrs.log 2>&1 &
lrs_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/xAPI/about" && break; sleep 0.1; done
printf '[sync]\nendpoint = http://127.0.0.1:%s/xAPI/\nallow_insecure = true\nusername = kantor\npassword = rahasia\nbatch = 20\n' "$port" >data/lentera.conf
chmod 600 data/lentera.conf
python3 "$src/tests/lrs/statements.py" clone data/log.sqlite 2000
for i in $(seq "$kills"); do
  # every round sends everything again, so each kill lands in a real push (an LRS takes the
  # same statement again as the same one)
  q "UPDATE outbox SET sent = NULL" >/dev/null
  "$player" --data-dir data --sync >/dev/null 2>&1 &
  pid=$!; nap 0.4; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  [ "$(q 'PRAGMA integrity_check')" = ok ] || { bad "integrity after sync kill $i"; break; }
done
sent=$(q 'SELECT count(*) FROM outbox WHERE sent IS NOT NULL')
q "UPDATE outbox SET sent = NULL" >/dev/null
P --sync >/dev/null 2>&1 && ok || bad "final sync"
python3 "$src/tests/lrs/statements.py" fetch "http://127.0.0.1:$port/xAPI/" kantor rahasia got.jsonl
r=$(python3 "$src/tests/lrs/statements.py" compare data/log.sqlite got.jsonl)
[ "$r" = "ok $(q 'SELECT count(*) FROM outbox')" ] && ok || bad "sync: $r"
echo "  ($sent statements were marked sent before the last kill; the LRS holds each once: $r)"

# 5. repair of a damaged log, killed while it copies: the log is either still the damaged one
# (refused, with the message for IT) or the whole repaired one, never a half; running the
# repair again always ends with every readable row, the same as a repair left alone
rep() { "$player" --data-dir rd --repair-log "$@"; }
rq() { sqlite3 rd/log.sqlite "$1"; }
rm -rf rd && mkdir -m 700 rd && cp data/log.sqlite rd/ && chmod 600 rd/log.sqlite
python3 "$src/tests/lrs/statements.py" clone rd/log.sqlite 30000
psize=$(rq "PRAGMA page_size")
page=$(rq "SELECT pageno FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 3")
head -c "$psize" /dev/zero | tr '\0' '\001' | dd of=rd/log.sqlite bs="$psize" seek=$((page - 1)) conv=notrunc status=none
cp rd/log.sqlite damaged.sqlite
cp -r rd ref && t0=$(date +%s.%N)
"$player" --data-dir ref --repair-log >/dev/null 2>&1 || bad "repair left alone failed"
t1=$(date +%s.%N)
want=$(sqlite3 ref/log.sqlite "SELECT (SELECT count(*) FROM outbox) || ' ' || (SELECT count(*) FROM answer)")
span=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) * 1.3 }')
halfway=0 whole=0
for i in $(seq $((kills / 4))); do
  "$player" --data-dir rd --repair-log >/dev/null 2>&1 &
  pid=$!; nap "$span"; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
  if cmp -s rd/log.sqlite damaged.sqlite || [ -e rd/log.sqlite.repairing ]; then
    halfway=$((halfway + 1))
    printf 'expect "nama Anda untuk mulai"\nquit\n' >w.txt # the player must refuse, not start afresh
    out=$("$player" --data-dir rd --headless --script w.txt 2>&1)
    [ $? = 2 ] && case "$out" in *--repair-log*) true ;; *) false ;; esac ||
      { bad "repair kill $i: a half-repaired log was opened: $out"; break; }
  else
    whole=$((whole + 1))
    [ "$(rq 'PRAGMA integrity_check')" = ok ] || { bad "repair kill $i: repaired log not sound"; break; }
    got=$(rq "SELECT (SELECT count(*) FROM outbox) || ' ' || (SELECT count(*) FROM answer)")
    [ "$got" = "$want" ] || { bad "repair kill $i: repaired log holds $got, not $want"; break; }
  fi
done
rep >/dev/null 2>&1 && ok || bad "final repair"
got=$(rq "SELECT (SELECT count(*) FROM outbox) || ' ' || (SELECT count(*) FROM answer)")
[ "$got" = "$want" ] && [ "$(rq 'PRAGMA integrity_check')" = ok ] && ok ||
  bad "after repair kills the log holds $got statements/answers, a repair left alone $want"
[ "$halfway" -ge 1 ] && ok || bad "no repair kill landed before the repaired log was in place"
echo "  (repair: $halfway kills landed mid-repair, $whole after it; the log then holds $want statements/answers, as a repair left alone)"

echo "  ($kills kills each during import, answers, export and sync, $((kills / 4)) during collect and repair)"
finish crash
