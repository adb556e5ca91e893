#!/usr/bin/env bash
# The log on a shared PC, end to end (issue 11 items 7, 9, 11):
# - modes: a fresh --data-dir is 0700 with the log, its -wal, the certificate and the lock
#   0600; an existing 0755 folder with a 0644 lentera.conf is tightened, with a note;
# - one damaged page in the outbox: --export-sync, --sync and the window all refuse with the
#   message for IT (exit 2), nothing is written; --repair-log keeps the damaged file,
#   recovers every statement but the damaged page's (counted with dbstat) and the device id,
#   then the export works; an empty log.sqlite is refused, never replaced;
# - --backup while a scripted player is answering: every copy passes integrity_check, 0600,
#   and holds the answers committed so far;
# - PINs: 5 wrong ones make the learner wait (said on screen), the right PIN is refused
#   meanwhile, also after a restart; a script's `learner` step stops at the PIN screen;
# - clocks: under faketime (2001) the library warns and the statements are marked
#   clock-suspect, and the report takes the first pre-test attempt by the log's sequence.
# Usage: log.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
q() { sqlite3 "$1/log.sqlite" "$2"; }
damaged_msg="Catatan belajar di komputer ini rusak. Minta petugas TI menjalankan: lentera-player --repair-log"

"$pack" keygen -W -p pub.key.pub -s sec.key >/dev/null
SOURCE_DATE_EPOCH=1700000000 "$pack" build "$src/tests/fixtures/course/perjalanan" -s sec.key -o p.lentera >/dev/null 2>&1
setup() { "$player" --data-dir "$1" --trust pub.key.pub >/dev/null && "$player" --data-dir "$1" --import p.lentera >/dev/null; }

# ---- modes (item 9) ----
setup fresh
sed "s|@OUT@|$tmp|g" "$src/tests/player/journey.txt" >journey.txt
"$player" --data-dir fresh --headless --script journey.txt >out.txt 2>&1
is $? 0 "journey in a fresh data folder"
is "$(mode fresh)" 700 "fresh data folder 0700"
is "$(mode fresh/log.sqlite)" 600 "log 0600"
is "$(mode fresh/sertifikat)" 700 "certificate folder 0700"
is "$(mode fresh/sertifikat/perjalanan-198705122010012001.pdf)" 600 "certificate 0600"
is "$(mode fresh/.lentera-player.lock)" 600 "lock file 0600"
is "$(mode fresh/packs)" 700 "packs folder 0700"
# the -wal and -shm while a window is open
printf 'learner 1 "Uji"\nwait 1500\nquit\n' >hold.txt
"$player" --data-dir fresh --headless --script hold.txt >/dev/null 2>&1 &
holder=$!
sleep 0.8
is "$(mode fresh/log.sqlite-wal)" 600 "log -wal 0600"
is "$(mode fresh/log.sqlite-shm)" 600 "log -shm 0600"
wait $holder

mkdir -m 0755 old && printf '[player]\nlanguage=id\n' >old/lentera.conf && chmod 0644 old/lentera.conf
cp fresh/log.sqlite old/log.sqlite && chmod 0644 old/log.sqlite
"$player" --data-dir old --trust pub.key.pub >out.txt 2>&1
is $? 0 "an existing 0755 folder still works"
is "$(mode old)" 700 "existing folder tightened to 0700"
is "$(mode old/lentera.conf)" 600 "lentera.conf tightened to 0600"
is "$(mode old/log.sqlite)" 600 "existing log tightened to 0600"
has out.txt "hanya akun ini" "says the folder was tightened"
has out.txt "now 0600" "says the log was tightened"

# ---- a damaged page in the outbox (item 7) ----
cp -a fresh dmg
total=$(q dmg "SELECT count(*) FROM outbox")
answers=$(q dmg "SELECT count(*) FROM answer")
learners=$(q dmg "SELECT count(*) FROM learner")
device=$(q dmg "SELECT value FROM device WHERE key = 'id'")
psize=$(q dmg "PRAGMA page_size")
page=$(q dmg "SELECT pageno FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 1")
lost=$(q dmg "SELECT ncell FROM dbstat WHERE name = 'outbox' AND pageno = $page")
[ "$total" -gt 10 ] && [ "$lost" -gt 0 ] && [ "$lost" -lt "$total" ] && pass=$((pass + 1)) ||
  { fail=$((fail + 1)); echo "FAIL: test setup: $total statements, page $page holds $lost"; }
head -c "$psize" /dev/zero | tr '\0' '\001' | dd of=dmg/log.sqlite bs="$psize" seek=$((page - 1)) conv=notrunc status=none
cp dmg/log.sqlite damaged-copy.sqlite

"$player" --data-dir dmg --export-sync usb >out.txt 2>err.txt
is $? 2 "--export-sync refuses a damaged log"
has err.txt "$damaged_msg" "--export-sync: the message for IT"
hasnt out.txt "catatan ditulis" "--export-sync: no '0 catatan'"
is "$(find usb -name '*.jsonl' 2>/dev/null | wc -l)" 0 "nothing exported"
printf '[sync]\nendpoint = http://127.0.0.1:9/xAPI/\nusername = u\npassword = p\n' >dmg/lentera.conf
chmod 600 dmg/lentera.conf
"$player" --data-dir dmg --sync >out.txt 2>err.txt
is $? 2 "--sync refuses a damaged log"
has err.txt "$damaged_msg" "--sync: the message for IT"
hasnt out.txt "Tidak ada catatan" "--sync: never 'nothing to send'"
rm dmg/lentera.conf
printf 'expect "nama Anda untuk mulai"\nquit\n' >window.txt
"$player" --data-dir dmg --headless --script window.txt >out.txt 2>&1
is $? 2 "the window refuses a damaged log"
has out.txt "$damaged_msg" "window: the message for IT"
cmp -s dmg/log.sqlite damaged-copy.sqlite
is $? 0 "the damaged log was left as it was"

[ "$(id -u)" = 0 ] && chown -R nobody: dmg # IT runs the repair with sudo on a learner's folder
"$player" --data-dir dmg --repair-log >out.txt 2>err.txt
is $? 0 "--repair-log"
if [ "$(id -u)" = 0 ]; then
  is "$(stat -c %U dmg/log.sqlite)" nobody "a repair run as root leaves the log the learner's"
  is "$(stat -c %U dmg/.lentera-player.lock)" nobody "and the lock file"
fi
has out.txt "$learners peserta, $answers jawaban dan $((total - lost)) catatan xAPI dipulihkan" "recovered counts"
has out.txt "ID perangkat tetap sama" "device id kept"
kept=$(ls dmg | grep -c '^log.sqlite.damaged-')
is "$kept" 1 "the damaged log is kept aside"
cmp -s "dmg/$(ls dmg | grep '^log.sqlite.damaged-' | head -1)" damaged-copy.sqlite
is $? 0 "kept byte for byte"
is "$(q dmg "SELECT value FROM device WHERE key = 'id'")" "$device" "same device id"
is "$(q dmg "PRAGMA integrity_check")" ok "repaired log sound"
is "$(mode dmg/log.sqlite)" 600 "repaired log 0600"
"$player" --data-dir dmg --export-sync usb >out.txt 2>&1
is $? 0 "export after the repair"
has out.txt "$((total - lost)) catatan ditulis" "exports every recovered statement"
is "$(cat usb/lentera-sync/"$device"/*.jsonl | wc -l)" $((total - lost)) "lines in the export"

mkdir empty && setup empty && : >empty/log.sqlite
"$player" --data-dir empty --export-sync usb2 >out.txt 2>err.txt
is $? 2 "an empty log is refused"
has err.txt "$damaged_msg" "empty log: the message for IT"
has err.txt "empty (0 bytes)" "empty log: the cause"
is "$(stat -c %s empty/log.sqlite)" 0 "the empty log is not replaced by a new one"

# ---- a backup while a player is answering (item 7) ----
{
  echo 'learner 199001012015011001 "Budi"'
  for i in $(seq 12); do
    printf 'open perjalanan tes-awal\nclick "Biru"\nclick "Kirim jawaban"\nclick "Jawaban Anda"\ntype "jakarta"\nkey Return\nexpect "Ini tes awal"\nwait 150\n'
  done
  echo quit
} >writer.txt
"$player" --data-dir fresh --headless --script writer.txt >writer.out 2>&1 &
writer=$!
prev=0 ok=0 n=0
for _ in $(seq 40); do
  kill -0 $writer 2>/dev/null || break
  "$player" --data-dir fresh --backup bk >out.txt 2>&1 || { cat out.txt; break; }
  b=$(ls -t bk/log-*.sqlite | head -1)
  n=$((n + 1))
  c=$(sqlite3 "$b" "SELECT count(*) FROM answer a JOIN attempt t ON t.id = a.attempt_id WHERE t.learner_id = (SELECT id FROM learner WHERE name = 'Budi')" 2>/dev/null || echo -1)
  [ "$(sqlite3 "$b" "PRAGMA integrity_check")" = ok ] && [ "$(mode "$b")" = 600 ] && [ "$c" -ge "$prev" ] && ok=$((ok + 1))
  prev=$c
  sleep 0.2
done
wait $writer
is $? 0 "the answering script ran alongside the backups"
[ "$n" -ge 3 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: only $n backups while writing"; }
is "$ok" "$n" "every backup sound, 0600, answers only growing"
"$player" --data-dir fresh --backup bk >out.txt 2>&1
has out.txt "Salinan catatan belajar disimpan" "backup says where"
b=$(ls -t bk/log-*.sqlite | head -1)
is "$(sqlite3 "$b" "SELECT count(*) FROM answer")" "$(q fresh "SELECT count(*) FROM answer")" "last backup holds every answer"
is "$(mode bk)" 700 "backup folder 0700"

# ---- PINs (item 9) ----
cat >addpin.txt <<'S'
click "Tambah peserta baru"
click "Nama lengkap"
type "Rina"
click "NIP (18 angka)"
type "200001012020012003"
click "PIN (boleh kosong)"
type "4321"
click "Simpan"
expect "Halo, Rina"
quit
S
"$player" --data-dir fresh --headless --script addpin.txt >out.txt 2>&1
is $? 0 "a learner with a PIN"
printf 'learner 200001012020012003 "Rina"\nexpect "Halo, Rina"\nquit\n' >skip.txt
"$player" --data-dir fresh --headless --script skip.txt >out.txt 2>&1
is $? 1 "a script's learner step does not sign in past a PIN"
has out.txt "Masukkan PIN Anda" "it stays on the PIN screen"
printf 'learner 200001012020012003 "Rina"\nexpect "Masukkan PIN Anda"\ntype "4321"\nkey Return\nexpect "Halo, Rina"\nquit\n' >typed.txt
"$player" --data-dir fresh --headless --script typed.txt >out.txt 2>&1
is $? 0 "the script types the PIN"
[ -s out.txt ] && cat out.txt
{
  echo 'learner 200001012020012003 "Rina"'
  for i in 1 2 3 4; do printf 'type "0000"\nkey Return\nexpect "PIN salah. Coba lagi."\n'; done
  printf 'type "0000"\nkey Return\nexpect "PIN salah 5 kali. Coba lagi dalam 30 detik."\n'
  printf 'type "0000"\nkey Return\nexpect "PIN salah 5 kali. Coba lagi dalam"\n'
  printf 'type "0000"\nkey Return\nexpect "PIN salah 5 kali. Coba lagi dalam"\n'
  printf 'type "4321"\nkey Return\nexpect "PIN salah 5 kali. Coba lagi dalam"\nexpect "Masukkan PIN Anda"\nquit\n'
} >guess.txt
"$player" --data-dir fresh --headless --script guess.txt >out.txt 2>&1
is $? 0 "7 wrong PINs: a wait, stated; the right PIN refused during it"
[ -s out.txt ] && cat out.txt
is "$(q fresh "SELECT pin_failures FROM learner WHERE name = 'Rina'")" 5 "wrong PINs counted in the log"
"$player" --data-dir fresh --headless --script typed.txt >out.txt 2>&1
is $? 1 "a restart does not end the wait"
has out.txt "Coba lagi dalam" "still waiting after a restart"
q fresh "UPDATE learner SET pin_wait_until = '2000-01-01T00:00:00.000Z' WHERE name = 'Rina'"
"$player" --data-dir fresh --headless --script typed.txt >out.txt 2>&1
is $? 0 "after the wait the right PIN signs in"
is "$(q fresh "SELECT pin_failures FROM learner WHERE name = 'Rina'")" 0 "and the count is cleared"

# ---- clocks (item 11) ----
if command -v faketime >/dev/null; then
  setup clock
  cat >pre-real.txt <<'S'
learner 199001012015011001 "Budi"
open perjalanan tes-awal
click "Hijau"
click "Kirim jawaban"
click "Jawaban Anda"
type "bandung"
key Return
expect "Ini tes awal"
quit
S
  "$player" --data-dir clock --headless --script pre-real.txt >out.txt 2>&1
  is $? 0 "a pre-test with the right clock (0 points)"
  cat >pre-2001.txt <<'S'
learner 199001012015011001 "Budi"
open perjalanan tes-awal
click "Biru"
click "Kirim jawaban"
click "Jawaban Anda"
type "jakarta"
key Return
expect "Ini tes awal"
quit
S
  # faketime preloads itself: an ASan build must be told that is fine
  in2001() { ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
    DONT_FAKE_MONOTONIC=1 faketime -f '@2001-01-01 08:00:00' "$@"; }
  in2001 "$player" --data-dir clock --headless --script pre-2001.txt >out.txt 2>&1
  is $? 0 "a second pre-test with the clock at 2001 (full points)"
  [ -s out.txt ] && cat out.txt
  printf 'learner 199001012015011001 "Budi"\nexpect "Jam komputer tampaknya salah"\nexpect "minta petugas TI membetulkan jam"\nquit\n' >warn.txt
  in2001 "$player" --data-dir clock --headless --script warn.txt >out.txt 2>&1
  is $? 0 "the library warns of a clock set to 2001"
  [ -s out.txt ] && cat out.txt
  "$player" --data-dir clock --headless --script warn.txt >out.txt 2>&1
  is $? 1 "no warning once the clock is right again"
  is "$(q clock "SELECT count(*) FROM outbox WHERE created LIKE '2001-%'")" \
    "$(q clock "SELECT count(*) FROM outbox WHERE json LIKE '%\"https://lentera.invalid/xapi/clock-suspect\":true%'")" \
    "every statement stamped 2001 is marked clock-suspect"
  [ "$(q clock "SELECT count(*) FROM outbox WHERE created LIKE '2001-%'")" -ge 4 ] && pass=$((pass + 1)) ||
    { fail=$((fail + 1)); echo "FAIL: no statements stamped 2001"; }
  is "$(q clock "SELECT count(*) FROM outbox WHERE created NOT LIKE '2001-%' AND json LIKE '%clock-suspect%'")" 0 "statements with the right clock unmarked"
  is "$(q clock "SELECT count(*) FROM outbox WHERE created LIKE '2001-%' AND json LIKE '%verbs/completed%' AND json LIKE '%attempt-sequence\":2%'")" 1 "the 2001 attempt is the second by the log's sequence"
  "$player" --data-dir clock --export-sync cusb >/dev/null 2>&1
  node "$src/tests/xapi/validate.js" cusb >out.txt 2>&1
  r=$?
  is $r 0 "statements with the clock-suspect and attempt-sequence extensions are valid xAPI"
  [ $r = 0 ] || cat out.txt
  "$pack" collect cusb --db ccol.sqlite >/dev/null 2>&1
  "$pack" report --db ccol.sqlite -o crep >/dev/null 2>&1
  is "$(grep -F '"Perjalanan Uji"' crep/tes-awal-akhir.csv | tr -d '\r' | cut -d, -f2,3)" "1,0" \
    "the report's first pre-test attempt is the first by sequence (0 points), not the 2001 one"
else
  fail=$((fail + 1))
  echo "FAIL: faketime is not installed (scripts/install-deps.sh installs it)"
fi

finish player-log
