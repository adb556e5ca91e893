#!/usr/bin/env bash
# Sync against a real LRS (Learning Locker's xapi-statements, in memory, on loopback):
# a scripted player session is pushed and read back (count and content), a second push
# sends nothing, a wrong password / a dead host / a failing or slow server leave the outbox
# as it was and say why, an LRS stopped mid-push and started again (and a reply lost on
# the way) still ends with every statement there exactly once, a conflicting id is marked
# and the rest go on, the sync screen shows the state, and the exit push runs quietly.
# Every statement the LRS received passes @learninglocker/xapi-validation. The test LRS
# speaks http:// on loopback, so the configs say allow_insecure (tests/lrs/dishonest.sh
# checks the refusal without it, and the servers that lie).
# Usage: run.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
here=$src/tests/lrs
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
q() { sqlite3 data/log.sqlite "$1"; }
[ -d "$src/tests/xapi/node_modules/xapi-statements" ] ||
  { echo "FAIL: run 'npm install --no-package-lock' in tests/xapi (scripts/test.sh does)"; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_lrs VAR [ENV=...]: an LRS on a free port (user "kantor", password "rahasia")
start_lrs() {
  local port; port=$(free_port)
  env "${@:2}" node "$here/lrs.js" "$port" kantor rahasia >"lrs-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/xAPI/about" && break
    sleep 0.1
  done
  printf -v "$1" '%s' "$port"
  printf -v "$1_pid" '%s' "$!"
}
conf() { # conf PORT PASSWORD [more lines]
  printf '[sync]\nendpoint = http://127.0.0.1:%s/xAPI/\nallow_insecure = true\nusername = kantor\npassword = %s\nretries = 1\n%s' \
    "$1" "$2" "${3:-}" >data/lentera.conf
  chmod 600 data/lentera.conf
}
P() { "$player" --data-dir data "$@"; }
in_lrs() { python3 "$here/statements.py" fetch "http://127.0.0.1:$1/xAPI/" kantor rahasia got.jsonl && wc -l <got.jsonl; }

"$pack" keygen -W -p pub.key.pub -s sec.key >/dev/null
SOURCE_DATE_EPOCH=1700000000 "$pack" build "$src/tests/fixtures/course/perjalanan" -s sec.key -o p.lentera >/dev/null 2>&1
P --trust pub.key.pub >/dev/null && P --import p.lentera >/dev/null
sed "s|@OUT@|$tmp|g" "$src/tests/player/journey.txt" >journey.txt
P --headless --script journey.txt >out.txt 2>&1
is $? 0 "scripted session"
total=$(q "SELECT count(*) FROM outbox")

start_lrs lrs
# no LRS configured
P --sync >out.txt 2>&1
is $? 2 "--sync without configuration"
has out.txt "\[sync\]" "says what to configure"

# wrong password: nothing marked, the reason said
conf "$lrs" salah
P --sync >out.txt 2>&1
is $? 1 "wrong password refused"
has out.txt "kata sandi" "says the password is wrong"
is "$(q "SELECT count(*) FROM outbox WHERE sent IS NOT NULL")" 0 "nothing marked sent"
is "$(in_lrs "$lrs")" 0 "nothing stored"

# the session arrives whole, the same statements
conf "$lrs" rahasia
chmod 644 data/lentera.conf
P --sync >out.txt 2>&1
is $? 0 "--sync"
has out.txt "$total dari $total catatan terkirim" "says how many went"
has out.txt "hanya akun ini" "a readable password file is made private, and says so"
is "$(stat -c %a data/lentera.conf)" 600 "lentera.conf tightened to 0600"
is "$(q "SELECT count(*) FROM outbox WHERE sent IS NULL")" 0 "all marked sent"
in_lrs "$lrs" >/dev/null
is "$(python3 "$here/statements.py" compare data/log.sqlite got.jsonl)" "ok $total" "the LRS holds each statement, unchanged"
mkdir -p valid && cp got.jsonl valid/all.jsonl
is "$(q "SELECT value IS NOT NULL FROM device WHERE key = 'sync_last_success'")" 1 "last success remembered"

# again: nothing new sent, nothing doubled
P --sync >out.txt 2>&1
is $? 0 "second --sync"
has out.txt "Tidak ada catatan" "nothing to send"
is "$(in_lrs "$lrs")" "$total" "nothing duplicated"

# a dead host, a failing server, a slow one: outbox untouched, reason said
python3 "$here/statements.py" clone data/log.sqlite 5
conf "$(free_port)" rahasia
P --sync >out.txt 2>&1
is $? 2 "unreachable host"
has out.txt "tidak dapat dihubungi" "says the LRS cannot be reached"
start_lrs failing LRS_FAIL=503
conf "$failing" rahasia
P --sync >out.txt 2>&1
is $? 2 "failing server"
has out.txt "bermasalah" "says the server is failing"
has out.txt "HTTP 503" "gives the status"
start_lrs notfound LRS_FAIL=404
printf '[sync]\nendpoint = http://127.0.0.1:%s/xAPI/\nallow_insecure = true\nusername = kantor\npassword = rahasia\n' "$notfound" >data/lentera.conf
chmod 600 data/lentera.conf
P --sync >out.txt 2>&1
is $? 2 "a wrong endpoint (404)"
has out.txt "HTTP 404" "gives the status"
is "$(q "SELECT count(*) FROM outbox WHERE error IS NOT NULL")" 0 "a 404 marks nothing refused"
start_lrs slow LRS_DELAY_MS=8000
conf "$slow" rahasia "timeout = 2"
P --sync >out.txt 2>&1
is $? 2 "slow server"
is "$(q "SELECT count(*) FROM outbox WHERE sent IS NULL")" 5 "outbox as it was"
is "$(q "SELECT value FROM device WHERE key = 'sync_last_error'" | cut -c1)" 2 "last error remembered"

# TLS: the LRS behind HTTPS (a TLS front on loopback) with a self-signed certificate, as an
# office LRS often has. Nobody vouches for it: not talked to. ca_file naming another
# certificate, or a file that is not there: still not. ca_file naming its own: sent.
cert() { openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.crt" -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1; }
cert tls && cert other
tls=$(free_port)
node "$here/tls_front.js" "$tls" tls.crt tls.key "$lrs" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -s --cacert tls.crt -o /dev/null "https://127.0.0.1:$tls/xAPI/about" && break; sleep 0.1; done
tls_conf() {
  printf '[sync]\nendpoint = https://127.0.0.1:%s/xAPI/\nusername = kantor\npassword = rahasia\nretries = 1\n%s' \
    "$tls" "${1:-}" >data/lentera.conf
  chmod 600 data/lentera.conf
}
tls_conf
P --sync >out.txt 2>&1
is $? 2 "an unverifiable certificate is refused"
has out.txt "Sertifikat server LRS tidak dapat dipastikan" "says it is the certificate"
has out.txt "ca_file" "and what IT can do about it"
is "$(q "SELECT count(*) FROM outbox WHERE sent IS NULL")" 5 "outbox as it was after TLS refusal"
cp other.crt data/other.crt
tls_conf "ca_file = other.crt"
P --sync >out.txt 2>&1
is $? 2 "a certificate not signed by ca_file's is refused"
has out.txt "certificate" "says it is the certificate"
tls_conf "ca_file = hilang.pem"
P --sync >out.txt 2>&1
is $? 2 "a ca_file that is not there sends nothing"
has out.txt "ca_file data/hilang.pem does not exist" "and says which file is missing"
is "$(q "SELECT count(*) FROM outbox WHERE sent IS NULL")" 5 "outbox as it was"
cp tls.crt data/kantor-lrs.pem
tls_conf "ca_file = kantor-lrs.pem"
P --sync >out.txt 2>&1
is $? 0 "the LRS's own certificate in ca_file: sent over HTTPS"
is "$(q "SELECT count(*) FROM outbox WHERE sent IS NULL")" 0 "all marked sent"
in_lrs "$lrs" >/dev/null
is "$(python3 "$here/statements.py" compare data/log.sqlite got.jsonl)" "ok $((total + 5))" "the LRS holds each, once"
# the trainer's pull from the same LRS over HTTPS: the certificate checked the same way
"$pack" collect --db tls.sqlite --from-lrs "https://kantor:rahasia@127.0.0.1:$tls/xAPI/" >out.txt 2>&1
is $? 2 "collect --from-lrs refuses the unverifiable certificate"
has out.txt "certificate could not be verified" "and says so"
LENTERA_LRS_CA_FILE=tls.crt "$pack" collect --db tls.sqlite --from-lrs "https://kantor:rahasia@127.0.0.1:$tls/xAPI/" >out.txt 2>&1
is $? 0 "collect --from-lrs with LENTERA_LRS_CA_FILE"
has out.txt "$((total + 5)) statement(s) added" "pulls every statement over HTTPS"

# stopped in the middle and started again: every statement exactly once
python3 "$here/statements.py" clone data/log.sqlite 3000
conf "$lrs" rahasia "batch = 50"
sed -i 's/^retries = 1/retries = 5/' data/lentera.conf
P --sync >out.txt 2>&1 &
sync_pid=$!
sleep 0.7
kill -USR1 "$lrs_pid" # stop listening, cut connections
sleep 2
kill -USR2 "$lrs_pid" # back
wait $sync_pid
is $? 0 "push survives the LRS going away"
[ "$(q "SELECT count(*) FROM outbox WHERE sent IS NULL")" = 0 ] || cat out.txt
in_lrs "$lrs" >/dev/null
is "$(python3 "$here/statements.py" compare data/log.sqlite got.jsonl)" "ok $((total + 3005))" "exactly once after the outage"

# a reply lost on the way: the batch is sent again, still once each
start_lrs lossy LRS_DROP_REPLY=2
sqlite3 data/log.sqlite "UPDATE outbox SET sent = NULL"
conf "$lossy" rahasia
P --sync >out.txt 2>&1
is $? 0 "push survives a lost reply"
in_lrs "$lossy" >/dev/null
is "$(python3 "$here/statements.py" compare data/log.sqlite got.jsonl)" "ok $((total + 3005))" "exactly once after a lost reply"

# a conflicting id (another statement under it in the LRS): marked, the rest go on
python3 "$here/statements.py" clone data/log.sqlite 7
clash=$(q "SELECT id FROM outbox WHERE sent IS NULL LIMIT 1 OFFSET 3")
q "SELECT json FROM outbox WHERE id = '$clash'" | sed 's/"name":"Sari Dewi"/"name":"Orang Lain"/' >clash.json
curl -s -o /dev/null -u kantor:rahasia -H 'X-Experience-API-Version: 1.0.3' -H 'Content-Type: application/json' \
  --data-binary @clash.json "http://127.0.0.1:$lossy/xAPI/statements"
P --sync >out.txt 2>&1
is $? 1 "a conflict is reported"
has out.txt "6 dari 7" "the others went"
has out.txt "$clash" "names the statement"
is "$(q "SELECT error LIKE 'HTTP 409%' FROM outbox WHERE id = '$clash'")" 1 "conflict marked"
is "$(q "SELECT count(*) FROM outbox WHERE sent IS NULL AND error IS NULL")" 0 "nothing else pending"

# the sync screen: pending count and the last error; then a good push, and the exit push
python3 "$here/statements.py" clone data/log.sqlite 4
conf "$lossy" salah
cat >screen.txt <<'S'
learner 198705122010012001 "Sari Dewi"
click "Kirim catatan belajar"
wait 1500
expect "Belum dikirim ke server kantor: 4 catatan"
expect "menolak nama pengguna atau kata sandi"
click "Kirim sekarang"
wait 1500
expect "menolak nama pengguna"
screenshot sync-error.png
quit
S
P --headless --script screen.txt >out.txt 2>&1
is $? 0 "sync screen shows the refusal"
[ -s out.txt ] && cat out.txt
conf "$lossy" rahasia
cat >screen.txt <<'S'
learner 198705122010012001 "Sari Dewi"
click "Kirim catatan belajar"
wait 2500
expect "Semua catatan sudah dikirim ke server kantor."
expect "Terakhir berhasil dikirim"
screenshot sync.png
click "Simpan ke flashdisk"
expect "catatan baru disimpan ke flashdisk FLASHDISK. Berikan flashdisk itu kepada pelatih."
quit
S
mkdir -p media/FLASHDISK
LENTERA_USB_DIRS=$PWD/media P --headless --script screen.txt >out.txt 2>&1
is $? 0 "sync screen after the quiet start push"
[ -s out.txt ] && cat out.txt
[ -n "${LENTERA_SHOTS:-}" ] && cp sync.png sync-error.png "$LENTERA_SHOTS/" 2>/dev/null
before=$(in_lrs "$lossy")
cat >exit.txt <<'S'
learner 198705122010012001 "Sari Dewi"
open perjalanan tes-awal
click "Biru"
click "Kirim jawaban"
quit
S
P --headless --script exit.txt >out.txt 2>&1
is $? 0 "a short session"
is "$(in_lrs "$lossy")" "$((before + 2))" "the exit push sent its statements"

in_lrs "$lossy" >/dev/null && cp got.jsonl valid/lossy.jsonl

# SIGKILL in the middle of pushes, again and again: the log stays whole, and after a last
# push the LRS holds every statement exactly once
start_lrs killed
python3 "$here/statements.py" clone data/log.sqlite 2000
sqlite3 data/log.sqlite "UPDATE outbox SET sent = NULL, error = NULL"
conf "$killed" rahasia "batch = 50"
for i in $(seq 8); do
  "$player" --data-dir data --sync >/dev/null 2>&1 &
  victim=$!
  sleep "0.$((RANDOM % 9 + 1))"
  kill -KILL $victim 2>/dev/null
  wait $victim 2>/dev/null
done
is "$(q "PRAGMA integrity_check")" ok "log intact after the kills"
partly=$(q "SELECT count(*) FROM outbox WHERE sent IS NOT NULL")
[ "$partly" -gt 0 ] || echo "note: no push got anywhere before its kill"
P --sync >out.txt 2>&1
is $? 0 "a last push after the kills"
in_lrs "$killed" >/dev/null
all=$(q "SELECT count(*) FROM outbox")
is "$(python3 "$here/statements.py" compare data/log.sqlite got.jsonl)" "ok $all" "exactly once after SIGKILLs"

# the trainer's side: pull everything from the LRS (following `more`), then forward it
# (the test LRS is http:// on loopback)
export LENTERA_LRS_ALLOW_INSECURE=1
in_lrs "$lossy" >/dev/null
held=$(wc -l <got.jsonl)
"$pack" collect --db pulled.sqlite --from-lrs "http://kantor:rahasia@127.0.0.1:$lossy/xAPI/" >out.txt 2>&1
is $? 0 "collect --from-lrs"
has out.txt "$held statement(s) added" "every statement pulled"
"$pack" collect --db pulled.sqlite --from-lrs "http://kantor:rahasia@127.0.0.1:$lossy/xAPI/" >out.txt 2>&1
has out.txt "0 statement(s) added" "a second pull starts where the first stopped"
"$pack" collect --db pulled.sqlite --from-lrs "http://kantor:salah@127.0.0.1:$lossy/xAPI/" >out.txt 2>&1
is $? 2 "a pull with a wrong password fails"
has out.txt "username or password" "and says why"
start_lrs onward
LENTERA_LRS_USERNAME=kantor LENTERA_LRS_PASSWORD=rahasia \
  "$pack" collect --db pulled.sqlite --forward "http://127.0.0.1:$onward/xAPI/" >out.txt 2>&1
is $? 0 "collect --forward"
has out.txt "$held statement(s) forwarded" "everything forwarded"
is "$(in_lrs "$onward")" "$held" "the other LRS holds them"
LENTERA_LRS_USERNAME=kantor LENTERA_LRS_PASSWORD=rahasia \
  "$pack" collect --db pulled.sqlite --forward "http://127.0.0.1:$onward/xAPI/" >out.txt 2>&1
has out.txt "0 statement(s) forwarded" "nothing forwarded twice"
node "$src/tests/xapi/validate.js" valid >val.txt 2>&1
rc=$?
is $rc 0 "every statement the LRS got is valid xAPI"
[ $rc = 0 ] || head val.txt

finish lrs
