#!/usr/bin/env bash
# Servers that lie (tests/lrs/dishonest.py) and one that does not (lrs.js, the real test LRS).
# Pushes to: a 200 with a captive portal's HTML, a 200 with one id for five statements, a 200
# with other ids, a 200 with the ids out of order, a 400 to everything (in batches of 5 and of
# 100), a 302 to another place, and an http:// endpoint without allow_insecure. After each:
# the exit code and the message (what the server said, sanitised), nothing marked sent or
# refused in the log, the lying server really was asked (or, for http://, never reached), and
# then a sync to a fresh real LRS sends every statement exactly once. A statement refused
# alone is marked with the server's words, shown on the sync screen, and sent again with
# --sync --retry-refused. Pulls (collect --from-lrs): a `more` to another origin is not
# followed (that origin never sees an Authorization header, nor any request), a `more` that
# comes back stops the pull, and a login over http:// is refused without
# LENTERA_LRS_ALLOW_INSECURE=1.
# Usage: dishonest.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
here=$src/tests/lrs
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy LC_ALL=C.UTF-8
q() { sqlite3 data/log.sqlite "$1"; }
[ -d "$src/tests/xapi/node_modules/xapi-statements" ] ||
  { echo "FAIL: run 'npm install --no-package-lock' in tests/xapi (scripts/test.sh does)"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# a bare TCP connect: no HTTP request, so nothing in the server's log
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; }
start_lrs() { # start_lrs VAR: a fresh real LRS (user "kantor", password "rahasia")
  local port; port=$(free_port)
  node "$here/lrs.js" "$port" kantor rahasia >"lrs-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/xAPI/about" && break; sleep 0.1; done
  printf -v "$1" '%s' "$port"
}
liar() { # liar VAR MODE [ARG]: a dishonest server; its requests are logged in liar-PORT.log
  local port; port=$(free_port)
  : >"liar-$port.log"
  python3 "$here/dishonest.py" "$port" "$2" "liar-$port.log" "${3:-}" &
  pids+=($!)
  wait_port "$port"
  printf -v "$1" '%s' "$port"
}
conf_plain() { # conf_plain PORT [more lines]: an http:// endpoint with a login
  printf '[sync]\nendpoint = http://127.0.0.1:%s/xAPI/\nusername = kantor\npassword = rahasia\nretries = 1\n%s' \
    "$1" "${2:-}" >data/lentera.conf
  chmod 600 data/lentera.conf
}
conf() { conf_plain "$1" "allow_insecure = true
${2:-}"; } # the servers here are http:// on loopback
posts() { grep -c '"POST"' "liar-$1.log"; }
untouched() { # untouched LABEL: nothing in the log marked sent or refused
  is "$(q "SELECT count(*) FROM outbox WHERE sent IS NOT NULL")" 0 "$1: nothing marked sent"
  is "$(q "SELECT count(*) FROM outbox WHERE error IS NOT NULL")" 0 "$1: nothing marked refused"
  is "$(q "PRAGMA integrity_check")" ok "$1: log intact"
}
honest_after() { # honest_after LABEL: a fresh real LRS then gets every statement exactly once
  local lrs
  start_lrs lrs
  conf "$lrs"
  "$player" --data-dir data --sync >honest.txt 2>&1
  is $? 0 "$1: then a sync to a real LRS"
  is "$(q "SELECT count(*) FROM outbox WHERE sent IS NULL")" 0 "$1: then everything is marked sent"
  python3 "$here/statements.py" fetch "http://127.0.0.1:$lrs/xAPI/" kantor rahasia got.jsonl
  is "$(python3 "$here/statements.py" compare data/log.sqlite got.jsonl)" "ok $total" \
    "$1: then the real LRS holds every statement exactly once"
}
fresh() { rm -rf data && cp -a base data; }

"$pack" keygen -W -p pub.key.pub -s sec.key >/dev/null
SOURCE_DATE_EPOCH=1700000000 "$pack" build "$src/tests/fixtures/course/perjalanan" -s sec.key -o p.lentera >/dev/null 2>&1
mkdir data
"$player" --data-dir data --trust pub.key.pub >/dev/null && "$player" --data-dir data --import p.lentera >/dev/null
sed "s|@OUT@|$tmp|g" "$src/tests/player/journey.txt" >journey.txt
"$player" --data-dir data --headless --script journey.txt >out.txt 2>&1
is $? 0 "scripted session"
python3 "$here/statements.py" clone data/log.sqlite 12 # enough for several batches of 5
total=$(q "SELECT count(*) FROM outbox")
[ "$total" -ge 15 ] || { echo "FAIL: only $total statements to send"; exit 1; }
cp -a data base

# 200 with a captive portal's page: not an acknowledgement, retried, reported, nothing marked
fresh
liar portal html
conf "$portal" "batch = 5"
"$player" --data-dir data --sync >out.txt 2>&1
is $? 2 "200 + HTML: the sync fails"
has out.txt "bukan tanda terima" "200 + HTML: says it is no acknowledgement"
has out.txt "HTTP 200" "200 + HTML: gives the status"
has out.txt "Hotspot login" "200 + HTML: gives what the server said"
is "$(grep -c $'\x1b' out.txt)" 0 "200 + HTML: the server's escape character is not printed"
is "$(posts "$portal")" 2 "200 + HTML: the batch was tried again once (retries = 1)"
untouched "200 + HTML"
honest_after "200 + HTML"

# 200 with one id for five statements
fresh
liar oneid one-id
conf "$oneid" "batch = 5"
"$player" --data-dir data --sync >out.txt 2>&1
is $? 2 "one id for five: the sync fails"
has out.txt "1 id(s) for 5 statement(s)" "one id for five: says so"
[ "$(posts "$oneid")" -ge 1 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: one id: never asked"; }
untouched "one id for five"
honest_after "one id for five"

# 200 with other ids; 200 with the ids in another order
for mode in wrong-ids reversed; do
  fresh
  liar other "$mode"
  conf "$other" "batch = 5"
  "$player" --data-dir data --sync >out.txt 2>&1
  is $? 2 "$mode: the sync fails"
  has out.txt "is not the one sent" "$mode: says the ids are not the ones sent"
  [ "$(posts "$other")" -ge 1 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: $mode: never asked"; }
  untouched "$mode"
  honest_after "$mode"
done

# 400 to everything: a server problem, not $total refusals (batches of 5, and of 100)
for batch in 5 100; do
  fresh
  liar refuser refuse-all
  conf "$refuser" "batch = $batch"
  "$player" --data-dir data --sync >out.txt 2>&1
  is $? 2 "400 to all (batch $batch): the sync fails"
  has out.txt "menolak semua catatan" "400 to all (batch $batch): says the server refuses everything"
  has out.txt "Invalid X-Experience-API-Version" "400 to all (batch $batch): with the server's words"
  asked=$(posts "$refuser")
  # it stops after the first few singles: within the first batch of 5, and well short of
  # splitting a batch of 100 down to every statement (2 * total - 1 requests)
  limit=$([ "$batch" = 5 ] && echo 9 || echo $((2 * total - 2)))
  [ "$asked" -ge 5 ] && [ "$asked" -le "$limit" ] && pass=$((pass + 1)) ||
    { fail=$((fail + 1)); echo "FAIL: 400 to all (batch $batch): $asked POSTs, expected 5..$limit"; }
  untouched "400 to all (batch $batch)"
  honest_after "400 to all (batch $batch)"
done

# a 302 to elsewhere: not followed, the target named, the other place never asked
fresh
liar elsewhere sink
liar mover redirect "http://127.0.0.1:$elsewhere/xAPI/statements"
conf "$mover"
"$player" --data-dir data --sync >out.txt 2>&1
is $? 2 "302: the sync fails"
has out.txt "HTTP 302 to http://127.0.0.1:$elsewhere/xAPI/statements" "302: names the target"
has out.txt "mengalihkan" "302: says it is a redirect"
is "$(wc -l <"liar-$elsewhere.log")" 0 "302: the target was not asked"
untouched "302"
honest_after "302"

# http:// without allow_insecure: refused before anything is sent, and says why
fresh
liar clear sink
conf_plain "$clear"
"$player" --data-dir data --sync >out.txt 2>&1
is $? 1 "http:// without allow_insecure: refused"
has out.txt "http://" "http://: names the scheme"
has out.txt "kata sandi akan lewat" "http://: says the password would travel in clear"
has out.txt "allow_insecure = true" "http://: says how to allow it"
is "$(wc -l <"liar-$clear.log")" 0 "http://: the server never heard from us"
untouched "http:// without allow_insecure"
honest_after "http:// without allow_insecure"

# a statement refused alone: marked with the server's words, shown, sent again on IT's command
fresh
odd=$(q "SELECT id FROM outbox ORDER BY created, rowid LIMIT 1 OFFSET 7")
liar picky refuse-one "$odd"
conf "$picky" "batch = 5"
"$player" --data-dir data --sync >out.txt 2>&1
is $? 1 "one refused: exit 1"
has out.txt "$odd" "one refused: names it"
has out.txt "out of range" "one refused: with the server's words"
is "$(q "SELECT count(*) FROM outbox WHERE error IS NOT NULL")" 1 "one refused: only it is marked refused"
is "$(q "SELECT error LIKE 'HTTP 400: %out of range%' FROM outbox WHERE id = '$odd'")" 1 "one refused: the words are kept"
is "$(q "SELECT count(*) FROM outbox WHERE sent IS NOT NULL")" $((total - 1)) "one refused: the rest were acknowledged"
cat >screen.txt <<'S'
learner 198705122010012001 "Sari Dewi"
click "Kirim catatan belajar"
expect "1 catatan ditolak server LRS dan ditandai."
expect "out of range"
expect "--retry-refused"
quit
S
printf '[sync]\nendpoint = http://127.0.0.1:9/xAPI/\n' >data/lentera.conf # no login, nowhere
"$player" --data-dir data --headless --script screen.txt >scr.txt 2>&1
is $? 0 "one refused: the sync screen shows it with the server's words"
[ -s scr.txt ] && cat scr.txt
start_lrs real
conf "$real"
"$player" --data-dir data --sync >out.txt 2>&1
has out.txt "Tidak ada catatan" "one refused: a plain sync does not send it again"
"$player" --data-dir data --sync --retry-refused >out.txt 2>&1
is $? 0 "one refused: --retry-refused"
has out.txt "1 catatan yang ditolak" "one refused: says it is sent again"
is "$(q "SELECT sent IS NOT NULL AND error IS NULL FROM outbox WHERE id = '$odd'")" 1 "one refused: now sent"

# pulls: a `more` to another origin, a `more` that comes back, http:// without the env
fresh
liar other_origin sink
liar lure more-foreign "http://127.0.0.1:$other_origin/xAPI/statements?page=2"
LENTERA_LRS_ALLOW_INSECURE=1 timeout 30 "$pack" collect --db c1.sqlite \
  --from-lrs "http://kantor:rahasia@127.0.0.1:$lure/xAPI/" >out.txt 2>&1
is $? 2 "foreign more: the pull stops"
has out.txt "another origin" "foreign more: says why"
is "$(grep -c '"auth": true' "liar-$other_origin.log")" 0 "foreign more: no Authorization header elsewhere"
is "$(wc -l <"liar-$other_origin.log")" 0 "foreign more: the other origin was not asked at all"
is "$(grep -c '"auth": true' "liar-$lure.log")" 1 "foreign more: the LRS itself got the login"
liar looper more-repeat
LENTERA_LRS_ALLOW_INSECURE=1 timeout 30 "$pack" collect --db c2.sqlite \
  --from-lrs "http://kantor:rahasia@127.0.0.1:$looper/xAPI/" >out.txt 2>&1
is $? 2 "repeating more: the pull stops (not 124, a timeout)"
has out.txt "already read" "repeating more: says why"
is "$(grep -c '"GET"' "liar-$looper.log")" 2 "repeating more: two pages asked, no more"
liar plain sink
timeout 30 "$pack" collect --db c3.sqlite --from-lrs "http://kantor:rahasia@127.0.0.1:$plain/xAPI/" >out.txt 2>&1
is $? 1 "collect over http:// without LENTERA_LRS_ALLOW_INSECURE: refused"
has out.txt "in clear" "collect over http://: says why"
has out.txt "LENTERA_LRS_ALLOW_INSECURE=1" "collect over http://: says how to allow it"
is "$(wc -l <"liar-$plain.log")" 0 "collect over http://: the server never heard from us"
timeout 30 "$pack" collect --db c3.sqlite --forward "http://kantor:rahasia@127.0.0.1:$plain/xAPI/" >out.txt 2>&1
is $? 1 "forward over http:// without LENTERA_LRS_ALLOW_INSECURE: refused"
is "$(wc -l <"liar-$plain.log")" 0 "forward over http://: the server never heard from us"
liar away sink
liar moved redirect "http://127.0.0.1:$away/xAPI/statements"
LENTERA_LRS_ALLOW_INSECURE=1 timeout 30 "$pack" collect --db c4.sqlite \
  --from-lrs "http://kantor:rahasia@127.0.0.1:$moved/xAPI/" >out.txt 2>&1
is $? 2 "a pull redirected: stops"
has out.txt "HTTP 302 to http://127.0.0.1:$away" "a pull redirected: names the target"
is "$(wc -l <"liar-$away.log")" 0 "a pull redirected: the target was not asked"

finish dishonest
