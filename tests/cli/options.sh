#!/usr/bin/env bash
# Every documented option of every lentera-pack command, and every lentera-player option that
# runs without a window (SDL's dummy driver), run at least once: a table of rows, each one
# command with the exit code it must give and a text its stdout or stderr must hold (or be,
# with a leading '='), then checks on the files it wrote. At the end each command's own
# --help is read back and every option it lists must have been used by some row, so an
# option added without a row here fails this test.
# Usage: options.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR VERSION
set -u
pack_bin=$(realpath "$1") player_bin=$(realpath "$2") src=$(realpath "$3") version=$4
. "$(dirname "$0")/../lib.sh" || exit 2
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy SOURCE_DATE_EPOCH=1700000000 LANG=C.UTF-8
unset LC_ALL LC_MESSAGES LANGUAGE LENTERA_PASSWORD LENTERA_LRS_USERNAME LENTERA_LRS_PASSWORD
pack() { "$pack_bin" "$@"; }
player() { "$player_bin" "$@"; }

# t EXIT out|err TEXT -- COMMAND...: one row. TEXT must be in the stream, or with a leading
# '=' be the whole of it. Leaves the streams in ./out and ./err for further checks.
t() {
  local want=$1 where=$2 text=$3
  shift 4
  echo "$*" >>ran.txt
  "$@" </dev/null >out 2>err
  local got=$?
  [ "$got" = "$want" ] && ok || { bad "'$*' exited $got, expected $want"; cat out err; }
  if [ "${text:0:1}" = "=" ]; then
    [ "$(cat "$where")" = "${text:1}" ] && ok || { bad "'$*' $where is not '${text:1}':"; cat "$where"; }
  else
    grep -qF -- "$text" "$where" && ok || { bad "'$*' $where has no '$text':"; cat "$where"; }
  fi
}

# ---- lentera-pack: the program
t 0 out "=lentera-pack $version" -- pack --version
# a result that cannot be written (a full disk, a closed pipe) is not a success
pack --version >/dev/full 2>err
is "$?:$(cat err)" "2:cannot write the output: No space left on device" "pack --version onto a full disk"
t 0 out "lentera-pack import-quiz FILE" -- pack --help
is "$(cat err)" "" "--help writes nothing to stderr"
t 0 out "lentera-pack collect SOURCE..." -- pack -h
t 2 err "usage:" -- pack
is "$(cat out)" "" "a usage error writes nothing to stdout"
t 2 err "lentera-pack: unknown command 'frob'" -- pack frob
for cmd in keygen check build verify inspect new import-quiz collect report; do
  t 0 out "lentera-pack $cmd" -- pack "$cmd" --help
done

# ---- keygen
t 0 out "=Wrote public key k.pub and secret key k.key (keep the secret key off shared drives)." \
  -- pack keygen -W -p k.pub -s k.key
kid=$(head -1 k.pub | sed 's/.* //')
is "$(head -1 k.pub)" "untrusted comment: minisign public key $kid" "public key file"
is "$(head -1 k.key)" "untrusted comment: minisign secret key" "-W: the secret key is not encrypted"
is "$(stat -c %a k.key)" 600 "secret key 0600"
cp k.pub first.pub
t 1 err "k.pub: error: key file exists; refusing to overwrite it (use -f)" \
  -- pack keygen -W -p k.pub -s k.key
t 0 out "Wrote public key k.pub" -- pack keygen --unencrypted --force --public k.pub --secret k.key
cmp -s first.pub k.pub && bad "-f: the key files were not replaced" || ok
kid=$(head -1 k.pub | sed 's/.* //')
LENTERA_PASSWORD=geheim t 0 out "Wrote public key e.pub" -- pack keygen -f -p e.pub -s e.key
is "$(head -1 e.key)" "untrusted comment: minisign encrypted secret key" "without -W: encrypted"
t 2 err "lentera-pack keygen: -p PUBKEY and -s SECKEY are required" -- pack keygen -W -s x.key
is "$(ls x.key 2>/dev/null)" "" "no key written on a usage error"
t 2 err "lentera-pack keygen: no password" -- pack keygen -p n.pub -s n.key

# ---- check
cp -r "$src/tests/fixtures/course/mini" c
t 0 out "=c: ok" -- pack check c
t 1 err "1 error, 0 warnings; no pack written" -- pack check "$src/tests/cli/cases/bad-yaml/course"
t 2 err "lentera-pack check: expected 1 argument" -- pack check
# --watch runs until stopped (tests/cli/watch.sh); a folder that is not there ends it
t 2 err "lentera-pack check: gone is not a folder (any more); stopped watching" -- pack check --watch gone

# ---- build
t 0 out "=Wrote mini.lentera" -- pack build c -s k.key -o mini.lentera
is "$(bsdtar -xOf mini.lentera lentera.xml | xmllint --xpath 'string(/*/@generator)' -)" \
  "lentera-pack $version" "the pack's generator is this version"
t 0 out "=Wrote mini-0.1.0.lentera" -- pack build c --secret k.key
cmp -s mini.lentera mini-0.1.0.lentera && ok || bad "the default name holds the same bytes"
LENTERA_PASSWORD=geheim t 0 out "=Wrote e.lentera" -- pack build c -s e.key --output e.lentera
LENTERA_PASSWORD=wrong t 1 err "e.key: error: wrong password for this secret key" \
  -- pack build c -s e.key -o w.lentera
is "$(ls w.lentera 2>/dev/null)" "" "no pack with a wrong password"
t 2 err "lentera-pack build: -s SECKEY is required" -- pack build c
# --transcode: an AVI Lentera cannot play is refused, and with --transcode becomes H.264
cp -r c v
ffmpeg -v error -f lavfi -i testsrc=size=160x120:rate=5:duration=1 -f lavfi \
  -i sine=duration=1 -shortest -c:v mpeg4 -c:a libmp3lame v/media/klip.avi
printf -- '---\nkind: lesson\ntitle: Video\nminutes: 1\nobjectives: [Menonton]\n---\n\n![Klip](media/klip.avi)\n' >v/video.md
sed -i 's/^items: \[/items: [video.md, /' v/course.md
t 1 err "'klip.avi' is mpeg4 video with mp3 in avi" -- pack build v -s k.key -o avi.lentera
t 0 out "=Wrote avi.lentera" -- pack build v -s k.key -o avi.lentera --transcode
bsdtar -xOf avi.lentera lentera.xml | grep -q 'path="media/klip.mp4" .*codecs="h264,aac"' && ok ||
  bad "--transcode: no H.264 + AAC media/klip.mp4 in the manifest"

# ---- verify
t 0 out "=mini.lentera: ok — mini 0.1.0, signed by $kid, 6 files verified" \
  -- pack verify mini.lentera -p k.pub
t 1 err "mini.lentera: verification FAILED" -- pack verify mini.lentera --public e.pub
t 2 err "lentera-pack verify: -p PUBKEY is required" -- pack verify mini.lentera

# ---- inspect
t 0 out "  generator  lentera-pack $version" -- pack inspect mini.lentera
is "$(head -3 out | tail -1)" "  version    0.1.0" "inspect: the version line"
t 0 out "\"generator\": \"lentera-pack $version\"" -- pack inspect mini.lentera --json
is "$(python3 -c 'import json,sys; j=json.load(open("out")); print(j["id"], j["key_id"], len(j["items"]), len(j["files"]))')" \
  "mini $kid 3 6" "inspect --json values"

# ---- new
t 0 out "=Created nc. Edit the .md files, then: lentera-pack check nc" -- pack new nc
t 0 out "=nc: ok" -- pack check nc
t 1 err "nc: error: folder exists and is not empty" -- pack new nc

# ---- import-quiz (--format was read before it was parsed: "unknown format 'gift'")
fx=$src/tests/fixtures/quizimport
cp "$fx/moodle.gift" bank.txt
t 1 err "bank.txt:1:1: error: question has no 'ANSWER: X' line" -- pack import-quiz bank.txt -o auto.md
t 0 out "=Wrote gift.md with 9 questions." \
  -- pack import-quiz bank.txt --format gift -o gift.md --title "Bank Soal" --role posttest
sed 's/Imported from bank.txt/Imported from moodle.gift/' gift.md | diff -u "$fx/moodle.expected.md" - &&
  ok || bad "--format gift: not the expected Markdown"
cp "$fx/soal.txt" soal.gift
t 0 out "=Wrote aiken.md with 2 questions." -- pack import-quiz soal.gift --format aiken -o aiken.md
sed 's/Imported from soal.gift/Imported from soal.txt/' aiken.md | diff -u "$fx/soal.expected.md" - &&
  ok || bad "--format aiken: not the expected Markdown"
t 2 err "lentera-pack import-quiz: unknown format 'moodle' (gift, aiken or moodle-xml)" \
  -- pack import-quiz soal.gift --format moodle -o m.md
t 2 err "lentera-pack import-quiz: unknown role 'final'" -- pack import-quiz soal.gift --role final -o m.md
t 1 err "aiken.md: error: file exists (use -f to overwrite)" -- pack import-quiz soal.gift --format aiken --output aiken.md
t 0 out "=Wrote aiken.md with 2 questions." \
  -- pack import-quiz soal.gift --format aiken -o aiken.md -f --title "Judul Baru" --role pretest
is "$(grep -c '^title: "Judul Baru"$\|^role: pretest$' aiken.md)" 2 "--title and --role written"
t 2 err "lentera-pack import-quiz: -o QUIZ.md is required" -- pack import-quiz soal.gift

# ---- lentera-player, headless
t 0 out "=lentera-player $version" -- player --data-dir vd --version
player --data-dir vd --version >/dev/full 2>err
is "$?:$(cat err)" "2:cannot write the output: No space left on device" "player --version onto a full disk"
is "$(ls -d vd 2>/dev/null)" "" "--version makes no data folder"
t 0 out "--data-dir=DIR" -- player --help
is "$(cat err)" "" "player --help writes nothing to stderr"
t 2 err "lentera-player: Unknown option --bogus" -- player --bogus
t 0 out "=Kunci k.pub dipercaya." -- player --data-dir d --trust k.pub
is "$(ls d/trusted)" "$kid.pub" "--trust stores the key under its id"
t 1 err "e.lentera: error: signed by key" -- player --data-dir d --import e.lentera
t 0 out "=mini.lentera: terpasang" -- player --data-dir d --import mini.lentera
is "$(ls d/packs)" "mini" "--import installs the pack"
# another publisher's pack with the same id is refused until IT allows that key; then the
# key is taken back and the pack removed (a data folder of its own: d stays as it is)
rm -rf c2 && cp -r c c2 && sed -i 's/^version: .*/version: 0.2.0/' c2/course.md
LENTERA_PASSWORD=geheim pack build c2 -s e.key -o e2.lentera >/dev/null 2>&1 || bad "build e2.lentera"
ekid=$(head -1 e.pub | sed 's/.* //')
player --data-dir d2 --trust k.pub >/dev/null && player --data-dir d2 --import mini.lentera >/dev/null
t 0 out "=Kunci e.pub dipercaya." -- player --data-dir d2 --trust e.pub
t 1 err "pack id 'mini' belongs to key $kid, which installed it first" -- player --data-dir d2 --import e2.lentera
t 0 out "=e2.lentera: diperbarui" -- player --data-dir d2 --import e2.lentera --allow-key "$ekid"
t 2 err "--allow-key" -- player --data-dir d2 --allow-key "$ekid"
t 0 out "Kunci $ekid tidak lagi dipercaya." -- player --data-dir d2 --untrust "$ekid"
t 0 out "Kursus mini dihapus dari komputer ini." -- player --data-dir d2 --remove mini
is "$(ls d2/packs)" "" "--remove leaves no pack"
t 0 out "=0 catatan ditulis ke sync." -- player --data-dir d --export-sync sync
printf 'learner 1001 "Budi Uji"\nopen mini lesson\nexpect "Pelajaran 1 dari 1"\nquit\n' >s.txt
t 0 out "=mini.lentera: sudah terpasang" -- player --data-dir d --headless --script s.txt mini.lentera
is "$(sqlite3 d/log.sqlite 'SELECT employee_id || "|" || name FROM learner')" "1001|Budi Uji" \
  "the script's learner"
is "$(sqlite3 d/log.sqlite "SELECT json_extract(json, '$.context.platform') FROM outbox")" \
  "Lentera $version" "statements name this version as their platform"
printf 'learner 1001 "Budi Uji"\nexpect "Tidak ada"\nquit\n' >bad.txt
t 1 err "bad.txt:2: step failed: expect Tidak ada" -- player --data-dir d --headless --script bad.txt
# a preview (tests/player/preview.sh) of a folder that does not build opens nothing
t 1 err "gone/course.md: error: not found" -- player --preview gone --headless
t 0 out "=1 catatan ditulis ke sync." -- player --data-dir d --export-sync sync
is "$(find sync/lentera-sync -name '*.jsonl' | wc -l)" 1 "--export-sync writes one file"
t 2 err "Belum ada server LRS yang diatur" -- player --data-dir d --sync
t 2 err "Belum ada server LRS yang diatur" -- player --data-dir d --retry-refused
t 0 out "Salinan catatan belajar disimpan: bk/log-" -- player --data-dir d --backup bk
is "$(sqlite3 bk/log-*.sqlite 'SELECT count(*) FROM outbox')" 1 "--backup copies the log"
t 0 out "Catatan belajar diperbaiki: 1 peserta, 0 jawaban dan 1 catatan xAPI dipulihkan" \
  -- player --data-dir d --repair-log
is "$(ls d | grep -c '^log.sqlite.damaged-')" 1 "--repair-log keeps the old log aside"

# ---- collect and report, on what the player exported
t 0 out "=1 file(s) read, 0 read before; 1 statement(s) added, 0 already there, 0 conflict(s), 0 rejected; the collection holds 1." \
  -- pack collect sync --db col.sqlite
t 0 out "=0 file(s) read, 1 read before; 0 statement(s) added, 0 already there, 0 conflict(s), 0 rejected; the collection holds 1." \
  -- pack collect sync --db col.sqlite
# --from-lrs and --forward against a server that refuses every login and notes the one it
# was given (a real LRS: tests/lrs/run.sh)
python3 - <<'PY' &
import http.server
class H(http.server.BaseHTTPRequestHandler):
    def answer(self):
        with open("auth.txt", "a") as f:
            f.write(self.command + " " + self.path.split("?")[0] + " " + self.headers.get("Authorization", "-") + "\n")
        self.send_response(401)
        self.send_header("Content-Length", "0")
        self.end_headers()
    do_GET = do_POST = answer
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open("port.tmp", "w").write(str(s.server_port))
__import__("os").rename("port.tmp", "port")
s.serve_forever()
PY
server=$!
for _ in $(seq 50); do [ -s port ] && break; sleep 0.1; done
lrs="127.0.0.1:$(cat port)/xAPI/"
# a login over plain http:// is refused before anything is sent, unless allowed
t 1 err "where the password would travel in clear" -- pack collect sync --db col.sqlite --from-lrs "http://ana:rahasia@$lrs"
export LENTERA_LRS_ALLOW_INSECURE=1
t 2 err "lentera-pack collect: the pull stopped" -- pack collect sync --db col.sqlite --from-lrs "http://ana:rahasia@$lrs"
LENTERA_LRS_USERNAME=budi LENTERA_LRS_PASSWORD=sandi t 1 err "lentera-pack collect: forwarding stopped" \
  -- pack collect --db col.sqlite --forward "http://$lrs"
unset LENTERA_LRS_ALLOW_INSECURE
kill "$server" && wait "$server" 2>/dev/null
server=
is "$(cut -d' ' -f1,2,4 auth.txt | sort -u | tr '\n' ';')" \
  "GET /xAPI/statements $(printf ana:rahasia | base64);POST /xAPI/statements $(printf budi:sandi | base64);" \
  "the LRS logins, from the URL and from the environment"
t 2 err "usage: lentera-pack collect SOURCE..." -- pack collect sync
t 0 out "=Report written: rep/index.html (and CSV files beside it)" -- pack report --db col.sqlite -o rep
is "$(tail -1 rep/penyelesaian.csv | tr -d '\r')" '"Kursus Mini","(tanpa unit)",1,0,0' "report values"
t 2 err "none.sqlite: error: no such collection" -- pack report --db none.sqlite --output rep2
t 2 err "usage: lentera-pack report" -- pack report --db col.sqlite
printf 'bulan,unit,indikator,nilai\n2026-07,Bidang Pelayanan,Pengaduan,3\n' >ind.csv
t 0 out "=Report written: rep3/index.html (and CSV files beside it)" -- pack report --db col.sqlite -o rep3 --indicators ind.csv
is "$(tail -1 rep3/indikator.csv | tr -d '\r')" '"2026-07","Bidang Pelayanan","Pengaduan",3,"(semua)",0,0,' "indicator values (no staff of that unit in the records: no share)"
t 0 out "=Report written: rep5/index.html (and CSV files beside it)" -- pack report --db col.sqlite -o rep5 --pack mini.lentera
printf "bulan,unit,indikator,nilai\nJuli,X,Y,1\n" >ind2.csv
t 1 err "ind2.csv:2: error: bulan 'Juli' is not a month" -- pack report --db col.sqlite -o rep4 --indicators ind2.csv
# a certificate looked up (found: tests/player/certificate.sh)
t 1 err "col.sqlite: error: no passed post-test in this collection has certificate 'K7QF-2M9D'" \
  -- pack report --db col.sqlite --certificate K7QF-2M9D
t 2 err "not a certificate's check code (8 letters and digits" -- pack report --db col.sqlite --certificate K7QF

# ---- every option each --help lists was used above
used() { # used PREFIX LONG [SHORT]: some row ran PREFIX with --LONG or -SHORT
  local opt="--$2"
  [ -n "${3:-}" ] && opt="(--$2|-$3)"
  grep -qE -- "^$1( .*)? $opt( |=|\$)" ran.txt
}
for cmd in "" keygen check build verify inspect new import-quiz collect report; do
  if [ -n "$cmd" ]; then "$pack_bin" "$cmd" --help; else "$player_bin" --help; fi >help.txt
  prefix=${cmd:+pack $cmd}
  prefix=${prefix:-player}
  while IFS='|' read -r short long; do
    used "$prefix" "$long" "$short" && ok || bad "'$prefix --$long' is never run by this test"
  done < <(sed -n '/^Application Options:/,$p' help.txt | sed -nE 's/^ +(-([A-Za-z]), )?--([a-z-]+).*/\2|\3/p')
done

finish options
