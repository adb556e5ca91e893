#!/usr/bin/env bash
# The Windows build under Wine: its unit tests, then the command line on the sample content,
# read back by the Linux build. Usage: tests/windows/run.sh WIN_BUILD_DIR LINUX_BUILD_DIR
#
# - every unit test (test_*.exe) runs under Wine, with the prefix's DLLs on PATH;
# - lentera-pack.exe checks and builds every sample course with SOURCE_DATE_EPOCH, and the
#   Linux lentera-pack builds the same courses: the packs must be the same bytes, each build
#   verifies the other's pack, and inspect prints the same;
# - the CLI cases (tests/cli/cases: exact file:line:col diagnostics, exit codes, nothing
#   left behind) and tests/cli/import-quiz.sh run with lentera-pack.exe;
# - a course with a mistake gets the same file:line:col diagnostic from both builds;
# - lentera-player.exe --import installs the Windows-built pack into a data folder.
win=$(realpath "${1:?Windows build folder}")
stage=$(realpath "${2:?the portable folder}")
linux=$(realpath "${3:?Linux build folder}")
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib.sh" || exit 2
command -v wine >/dev/null || { echo "SKIP: Wine is not installed"; exit 77; }
prefix=${LT_WIN_PREFIX:-$("$root/scripts/windows/deps.sh" | tail -1)}

export WINEPREFIX=${WINEPREFIX:-$HOME/.cache/lentera/wine}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wine cmd /c exit 0 >/dev/null 2>&1 || true # the first run makes the Wine prefix
w() { wine "$@"; }
unit_path="$(winepath -w "$prefix/bin");$(winepath -w /usr/lib/gcc/x86_64-w64-mingw32/12-posix);$(winepath -w /usr/x86_64-w64-mingw32/lib)"
fonts=$(winepath -w "$stage/fonts" | sed 's|\\|/|g') # its fonts.conf, for the unit tests
pack_exe=$stage/lentera-pack.exe
player_exe=$stage/lentera-player.exe

echo "== unit tests under Wine"
for t in "$win"/tests/test_*.exe; do
  name=$(basename "$t" .exe)
  if (cd "$tmp" && WINEPATH=$unit_path FONTCONFIG_PATH=$fonts PANGOCAIRO_BACKEND=fc \
    w "$t" > "$tmp/$name.out" 2>&1); then
    ok
  else
    bad "$name under Wine: $(tail -3 "$tmp/$name.out" | tr '\n' ' ')"
  fi
done

echo "== the same packs from both builds: every sample course"
export SOURCE_DATE_EPOCH=1700000000
key=$tmp/key
export LENTERA_PASSWORD=
"$linux/packer/lentera-pack" keygen -W -p "$key.pub" -s "$key.key" > /dev/null 2>&1
for course in "$root"/content/*/; do
  [ -f "$course/course.md" ] || continue
  name=$(basename "$course")
  w "$pack_exe" check "$course" > "$tmp/check.out" 2>&1 ||
    bad "$name: check on Windows: $(cat "$tmp/check.out")"
  w "$pack_exe" build "$course" -o "$tmp/$name-win.lentera" -s "$key.key" > "$tmp/wb.out" 2>&1 ||
    bad "$name: build on Windows: $(cat "$tmp/wb.out")"
  "$linux/packer/lentera-pack" build "$course" -o "$tmp/$name-linux.lentera" -s "$key.key" > /dev/null 2>&1
  is "$(b2sum < "$tmp/$name-win.lentera" | cut -c1-32)" "$(b2sum < "$tmp/$name-linux.lentera" | cut -c1-32)" \
    "$name: the Windows and Linux packs are the same bytes"
  "$linux/packer/lentera-pack" verify "$tmp/$name-win.lentera" -p "$key.pub" > "$tmp/v1.out" 2>&1 ||
    bad "$name: Linux verifies the Windows pack: $(cat "$tmp/v1.out")"
  w "$pack_exe" verify "$tmp/$name-linux.lentera" -p "$key.pub" > "$tmp/v2.out" 2>&1 ||
    bad "$name: Windows verifies the Linux pack: $(cat "$tmp/v2.out")"
  w "$pack_exe" inspect "$tmp/$name-linux.lentera" 2>&1 | tr -d '\r' > "$tmp/wi.out"
  "$linux/packer/lentera-pack" inspect "$tmp/$name-linux.lentera" > "$tmp/li.out" 2>&1
  diff -u "$tmp/li.out" "$tmp/wi.out" > "$tmp/inspect.diff" && ok ||
    bad "$name: inspect differs on Windows: $(head -20 "$tmp/inspect.diff")"
done
cp "$tmp/keamanan-dasar-win.lentera" "$tmp/win.lentera"
course=$root/content/keamanan-dasar

echo "== the command line's exact diagnostics (tests/cli/cases) and import-quiz, on Windows"
# lentera-pack.exe behind the name the CLI tests run; a Windows console ends its lines with
# CRLF, made LF here so that the Linux expectations compare
mkdir -p "$tmp/bin"
{
  echo '#!/usr/bin/env bash'
  echo 'err=$(mktemp)'
  echo "wine '$pack_exe' \"\$@\" 2> \"\$err\" | tr -d '\\r'"
  echo 'rc=${PIPESTATUS[0]}'
  echo "tr -d '\\r' < \"\$err\" >&2"
  echo 'rm -f "$err"'
  echo 'exit $rc'
} > "$tmp/bin/lentera-pack"
chmod +x "$tmp/bin/lentera-pack"
for case_dir in "$root"/tests/cli/cases/*/; do
  "$root/tests/cli/run-case.sh" "$tmp/bin/lentera-pack" "$case_dir" > "$tmp/case.out" 2>&1 && ok ||
    bad "$(basename "$case_dir") on Windows: $(head -30 "$tmp/case.out")"
done
"$root/tests/cli/import-quiz.sh" "$tmp/bin/lentera-pack" "$root/tests/fixtures/quizimport" > "$tmp/iq.out" 2>&1 && ok ||
  bad "import-quiz on Windows: $(grep -A10 FAIL "$tmp/iq.out" | head -30)"

echo "== the same diagnostic"
cp -r "$course" "$tmp/bad"
printf '\n[gambar](media/tidak-ada.png)\n' >> "$(ls "$tmp"/bad/0*.md | head -1)"
"$linux/packer/lentera-pack" check "$tmp/bad" > "$tmp/lbad.out" 2>&1
w "$pack_exe" check "$tmp/bad" 2>&1 | tr -d '\r' | sed 's|\\|/|g' > "$tmp/wbad.out"
is "$(grep -o 'tidak-ada.png.*' "$tmp/wbad.out" | head -1)" \
  "$(grep -o 'tidak-ada.png.*' "$tmp/lbad.out" | head -1)" "the missing picture's diagnostic"

echo "== --transcode on Windows (OpenH264 and FFmpeg's AAC), read back by Linux's ffprobe"
# what trainers bring: a 1440p screen recording (H.264), an old camera's AVI (MPEG-4 part 2
# + MP3), a WMV from Windows (WMV2 + WMA), a phone's HEVC in MOV; each becomes H.264 + AAC
# MP4 of at most 720p in the pack, which the Linux build verifies
mkdir -p "$tmp/tc" && cd "$tmp/tc" || exit 2
for spec in "big.mp4 2560x1440 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac" \
  "kamera.avi 320x240 -c:v mpeg4 -c:a libmp3lame" "rekaman.wmv 320x240 -c:v wmv2 -c:a wmav2" \
  "ponsel.mov 320x240 -c:v libx265 -x265-params log-level=none -c:a aac"; do
  read -r file size args <<< "$spec"
  # shellcheck disable=SC2086 # the encoder's arguments, word by word
  ffmpeg -v error -y -f lavfi -i "testsrc=size=$size:rate=10:duration=2" \
    -f lavfi -i "sine=frequency=440:duration=2" -shortest $args "$file"
  c=c-${file%.*}
  rm -rf "$c" && cp -r "$root/tests/fixtures/course/mini" "$c" && cp "$file" "$c/media/"
  printf -- '---\nkind: lesson\ntitle: Video\nminutes: 5\nobjectives: [Menonton]\n---\n\n# Video\n\n![Klip](media/%s)\n' \
    "$file" > "$c/video.md"
  printf 'WEBVTT\n\n00:00.000 --> 00:02.000\nHalo.\n' > "$c/media/${file%.*}.vtt"
  sed -i 's/^items: \[/items: [video.md, /' "$c/course.md"
  w "$pack_exe" build "$c" -s "$key.key" -o "$c.lentera" --transcode > "$c.out" 2>&1 ||
    bad "$file: --transcode on Windows: $(grep error "$c.out" | head -3)"
  out=$(bsdtar -xOf "$c.lentera" lentera.xml 2> /dev/null | grep -o 'path="media/[^"]*\.mp4"' | head -1)
  out=${out#path=\"}
  out=${out%\"}
  bsdtar -xOf "$c.lentera" "$out" > got.mp4 2> /dev/null
  is "$(ffprobe -v error -show_entries stream=codec_name,height -of csv=p=0 got.mp4 | sort | xargs)" \
    "$([ "$file" = big.mp4 ] && echo "aac h264,720" || echo "aac h264,240")" \
    "$file transcoded on Windows: H.264 + AAC, at most 720p (ffprobe)"
  "$linux/packer/lentera-pack" verify "$c.lentera" -p "$key.pub" > /dev/null 2>&1 ||
    bad "$file: Linux verifies the pack transcoded on Windows"
done
cd "$tmp" || exit 2

echo "== the player imports on Windows"
w "$player_exe" --data-dir "$tmp/data" --trust "$key.pub" > /dev/null 2>&1
w "$player_exe" --data-dir "$tmp/data" --import "$tmp/win.lentera" > "$tmp/imp.out" 2>&1 ||
  bad "import on Windows: $(cat "$tmp/imp.out")"
is "$(ls "$tmp/data/packs" 2>/dev/null | grep -v '^\.' | head -1)" "keamanan-dasar" "the installed pack"
echo "== a learner's journey on Windows (headless, SDL's dummy driver), read back on Linux"
q() { sqlite3 "$tmp/jd/log.sqlite" "$1"; }
cp -r "$root/tests/fixtures/course/perjalanan" "$tmp/perjalanan"
w "$pack_exe" build "$tmp/perjalanan" -s "$key.key" -o "$tmp/perjalanan.lentera" > "$tmp/pb.out" 2>&1 ||
  bad "build the journey's pack: $(cat "$tmp/pb.out")"
w "$player_exe" --data-dir "$tmp/jd" --trust "$key.pub" > /dev/null 2>&1
w "$player_exe" --data-dir "$tmp/jd" --import "$tmp/perjalanan.lentera" > "$tmp/pi.out" 2>&1 ||
  bad "import the journey's pack: $(cat "$tmp/pi.out")"
mkdir -p "$tmp/shots"
sed "s|@OUT@|$(winepath -w "$tmp/shots" | sed 's|\\|/|g')|g" "$root/tests/player/journey.txt" > "$tmp/journey.txt"
SDL_VIDEODRIVER=dummy w "$player_exe" --data-dir "$tmp/jd" --headless --script "$tmp/journey.txt" \
  > "$tmp/journey.out" 2>&1 || bad "the journey on Windows: $(tail -5 "$tmp/journey.out")"
is "$(q "SELECT name || '|' || unit FROM learner")" "Sari Dewi|Bidang Pelayanan" "learner in the Windows log"
is "$(q "SELECT passed FROM attempt WHERE quiz_id = 'tes-akhir'")" 1 "post-test passed on Windows"
is "$(q "SELECT state FROM progress WHERE item_id = 'pelajaran'")" completed "lesson completed on Windows"
is "$(q "PRAGMA integrity_check")" ok "the Windows log, checked by Linux's sqlite3"
cert=$tmp/jd/sertifikat/perjalanan-198705122010012001.pdf
pdftotext "$cert" "$tmp/cert.txt" 2>/dev/null
has "$tmp/cert.txt" "Sari Dewi" "the certificate written on Windows names the learner"
w "$player_exe" --data-dir "$tmp/jd" --export-sync "$tmp/export" > "$tmp/ex.out" 2>&1 ||
  bad "export on Windows: $(cat "$tmp/ex.out")"
is "$(find "$tmp/export/lentera-sync" -name '*.jsonl' | xargs cat 2>/dev/null | grep -o 'verbs/passed' | wc -l | tr -d ' ')" 1 \
  "the exported records hold the pass"
if [ -d "$root/tests/xapi/node_modules" ]; then
  node "$root/tests/xapi/validate.js" "$tmp/export" > "$tmp/valid.out" 2>&1 ||
    bad "the Windows export, checked by Learning Locker's validator: $(tail -5 "$tmp/valid.out")"
fi
echo "== --sync from Windows: plain HTTP, then HTTPS through Schannel with ca_file"
# the journey's records pushed by lentera-player.exe to the test LRS (Learning Locker's
# statement service, on the Linux side of loopback) and read back statement by statement;
# then behind a TLS front with a self-signed certificate, as an office LRS often has:
# refused while ca_file names another certificate, sent once it names the server's own.
# (Without ca_file, curl leaves the check to Windows; Wine's schannel does not check at
# all, so that refusal is proven only on Linux, in tests/lrs/run.sh.)
cd "$tmp" || exit 2
if [ -d "$root/tests/xapi/node_modules/xapi-statements" ]; then
  lrs_py=$root/tests/lrs/statements.py
  for d in sh ss; do rm -rf "$tmp/$d" && cp -r "$tmp/jd" "$tmp/$d"; done
  test_lrs "$root" "$tmp/sh"
  queued=$(sqlite3 "$tmp/sh/log.sqlite" "SELECT count(*) FROM outbox WHERE sent IS NULL")
  w "$player_exe" --data-dir "$tmp/sh" --sync > "$tmp/sync.out" 2>&1 ||
    bad "--sync over HTTP on Windows: $(tr -d '\r' < "$tmp/sync.out" | tail -3)"
  python3 "$lrs_py" fetch "$lrs_url" kantor rahasia "$tmp/got.jsonl"
  is "$(python3 "$lrs_py" compare "$tmp/sh/log.sqlite" "$tmp/got.jsonl")" "ok $queued" \
    "the LRS holds every statement the Windows player sent over HTTP, once and unchanged"
  is "$(sqlite3 "$tmp/sh/log.sqlite" "SELECT count(*) FROM outbox WHERE sent IS NULL")" 0 \
    "the Windows outbox marks them sent"
  for c in tls other; do
    openssl req -x509 -newkey rsa:2048 -nodes -keyout $c.key -out $c.crt -days 2 -subj /CN=localhost \
      -addext subjectAltName=DNS:localhost -addext basicConstraints=critical,CA:TRUE > /dev/null 2>&1
  done
  cp tls.crt "$tmp/ss/kantor-lrs.pem" && cp other.crt "$tmp/ss/lain.pem"
  tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # a second LRS behind the front, so what it holds came over TLS only
  mkdir -p "$tmp/lrs2" && test_lrs "$root" "$tmp/lrs2"
  lrs2_url=$lrs_url lrs2_port=${lrs_url#http://127.0.0.1:} lrs2_port=${lrs2_port%%/*}
  node "$root/tests/lrs/tls_front.js" "$tls_port" tls.crt tls.key "$lrs2_port" > /dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    curl -s --cacert tls.crt -o /dev/null "https://localhost:$tls_port/xAPI/about" && break
    sleep 0.1
  done
  tls_conf() {
    printf '[sync]\nendpoint = https://localhost:%s/xAPI/\nusername = kantor\npassword = rahasia\nretries = 1\nca_file = %s\n' \
      "$tls_port" "$1" > "$tmp/ss/lentera.conf"
  }
  tls_conf lain.pem
  w "$player_exe" --data-dir "$tmp/ss" --sync > "$tmp/tls1.out" 2>&1
  is "$?" 2 "--sync on Windows refuses an HTTPS LRS whose certificate ca_file does not vouch for"
  has "$tmp/tls1.out" "Sertifikat server LRS" "and says it is the certificate"
  is "$(sqlite3 "$tmp/ss/log.sqlite" "SELECT count(*) FROM outbox WHERE sent IS NULL")" "$queued" \
    "the outbox as it was after the refusal"
  tls_conf kantor-lrs.pem
  w "$player_exe" --data-dir "$tmp/ss" --sync > "$tmp/tls2.out" 2>&1 ||
    bad "--sync over HTTPS (Schannel) on Windows: $(tr -d '\r' < "$tmp/tls2.out" | tail -3)"
  hasnt "$tmp/tls2.out" "chmod" "no advice to chmod on Windows (the profile's ACL keeps lentera.conf private)"
  python3 "$lrs_py" fetch "$lrs2_url" kantor rahasia "$tmp/got2.jsonl"
  is "$(python3 "$lrs_py" compare "$tmp/ss/log.sqlite" "$tmp/got2.jsonl")" "ok $queued" \
    "the LRS behind HTTPS holds every statement the Windows player sent through Schannel"
else
  bad "tests/xapi has no node_modules: run npm install there (scripts/test.sh does)"
fi

echo "== videos play in the Windows player: H.264 + AAC, VP9 + Opus, AV1 + Opus (dav1d)"
# each clip (testsrc, 4 s) in a pack built by Linux, the one that travels on a stick; the
# Windows player plays it headless from its poster to the end: the captions change on time,
# testsrc's blue bar is on screen where the Linux test finds it, and the log holds the
# completion with every second watched
cd "$tmp" || exit 2
for spec in "klip-h264.mp4 -c:v libx264 -pix_fmt yuv420p -c:a aac -movflags +faststart" \
  "klip-vp9.webm -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -pix_fmt yuv420p -c:a libopus" \
  "klip-av1.webm -c:v libsvtav1 -preset 12 -pix_fmt yuv420p -c:a libopus"; do
  read -r file args <<< "$spec"
  # shellcheck disable=SC2086 # the encoder's arguments, word by word
  ffmpeg -v error -y -f lavfi -i testsrc=size=640x360:rate=25:duration=4 \
    -f lavfi -i sine=frequency=440:duration=4 $args -shortest "$file" 2> /dev/null
  c=v-${file%.*} base=${file%%.*}
  rm -rf "$c" && cp -r "$root/tests/fixtures/course/mini" "$c" && cp "$file" "$c/media/"
  printf 'WEBVTT\n\n00:00.000 --> 00:02.000\nHalo, ini klip uji.\n\n00:02.000 --> 00:04.000\nBagian kedua.\n' \
    > "$c/media/$base.vtt"
  printf -- '---\nkind: lesson\ntitle: Video Uji\nminutes: 5\nobjectives: [Menonton]\n---\n\n# Video Uji\n\n![Klip](media/%s)\n' \
    "$file" > "$c/video.md"
  sed -i 's/^items: \[/items: [video.md, /' "$c/course.md"
  "$linux/packer/lentera-pack" build "$c" -s "$key.key" -o "$c.lentera" > "$c.out" 2>&1 ||
    bad "$file: the Linux build of its pack: $(head -3 "$c.out")"
  w "$player_exe" --data-dir "$c.d" --trust "$key.pub" > /dev/null 2>&1
  w "$player_exe" --data-dir "$c.d" --import "$c.lentera" > /dev/null 2>&1
  shot=$(winepath -w "$tmp/shots" | sed 's|\\|/|g')/$c.png
  printf '%s\n' 'learner 1 "Uji"' 'open mini video' 'expect "Putar video"' 'click "Putar video"' \
    'expect "Jeda"' 'expect "Halo, ini klip uji."' 'wait 2500' 'expect "Bagian kedua."' \
    "screenshot $shot" 'wait 2500' 'expect "Putar lagi"' quit > "$c.txt"
  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy w "$player_exe" --data-dir "$c.d" --headless \
    --script "$c.txt" > "$c.play" 2>&1 || bad "$file on Windows: $(tr -d '\r' < "$c.play" | tail -3)"
  rgb=$(ffmpeg -v error -i "$tmp/shots/$c.png" -vf crop=1:1:460:200 -f rawvideo -pix_fmt rgb24 - 2> /dev/null | od -An -tu1 | xargs)
  is "$(echo "$rgb" | awk '{ print ($1 < 60 && $2 < 60 && $3 > 180) ? "blue" : "not blue: " $0 }')" blue \
    "$file: the video's pixels on the Windows player's screen"
  # a second a character: 4 for the MP4, 5 for a WebM (4.008 s, its short last second too)
  is "$(sqlite3 "$c.d/log.sqlite" "SELECT state || ' ' || watched FROM progress WHERE item_id = 'video.$base'")" \
    "completed $([ "${file##*.}" = mp4 ] && echo 1111 || echo 11111)" "$file: completed on Windows, every second watched"
done

echo "== an update (two moves on Windows) and a removal"
sed -i 's/^version: .*/version: 1.1.0/' "$tmp/perjalanan/course.md"
w "$pack_exe" build "$tmp/perjalanan" -s "$key.key" -o "$tmp/perjalanan-2.lentera" > /dev/null 2>&1
w "$player_exe" --data-dir "$tmp/jd" --import "$tmp/perjalanan-2.lentera" > "$tmp/up.out" 2>&1
has "$tmp/up.out" "diperbarui" "the newer version replaces the installed one"
is "$(xmllint --xpath 'string(/*/@version)' "$tmp/jd/packs/perjalanan/lentera.xml")" 1.1.0 "installed version"
is "$(ls -A "$tmp/jd/packs" | tr '\n' ' ')" "perjalanan " "no folder or lock left aside"
cp -r "$tmp/jd" "$tmp/jd-removed"
w "$player_exe" --data-dir "$tmp/jd-removed" --remove perjalanan > "$tmp/rm.out" 2>&1 ||
  bad "--remove on Windows: $(cat "$tmp/rm.out")"
is "$(ls "$tmp/jd-removed/packs")" "" "removed"

echo "== killed while installing an update: Windows' two moves leave one whole version"
# the update's install is two moves there (core/library.c exchange()): the installed folder
# steps aside, the new one takes its name; a crash between them leaves the old one aside,
# which the next open moves back. Proven twice: the states between the moves made by hand,
# then the player killed (SIGKILL: Wine ends the process as TerminateProcess does) at
# random moments of real updates. After each, a reopened library holds 1.0.0 or 1.1.0,
# whole (every file's size and BLAKE2b-256 as its manifest says), never none.
cd "$tmp" || exit 2
big() { # the journey's course with 24 MB of media, so that an update takes a while
  rm -rf big && cp -r "$root/tests/fixtures/course/perjalanan" big
  sed -i "s/^version: .*/version: $1/" big/course.md
  mkdir -p big/media && head -c 24000000 /dev/zero | tr '\0' "$2" > big/media/lampiran.pdf
  printf '\nUnduh [lampiran](media/lampiran.pdf).\n' >> big/pelajaran.md
  "$linux/packer/lentera-pack" build big -s "$key.key" -o "$3" > /dev/null 2>&1
}
big 1.0.0 a big1.lentera && big 1.1.0 b big2.lentera
library() { python3 "$root/tests/crash/check_library.py" "$1" perjalanan | tr '\n' ' ' | sed 's/ $//'; }
w "$player_exe" --data-dir v1 --trust "$key.pub" > /dev/null 2>&1
w "$player_exe" --data-dir v1 --import big1.lentera > /dev/null 2>&1
w "$player_exe" --data-dir v2 --trust "$key.pub" > /dev/null 2>&1
w "$player_exe" --data-dir v2 --import big2.lentera > /dev/null 2>&1
is "$(library v1) $(library v2)" "1.0.0 1.1.0" "both versions installed"
# between the two moves: no perjalanan, the old one aside, the new one in its staging folder
rm -rf s && cp -r v1 s && mv s/packs/perjalanan s/packs/.staging-k1ll3d.was-perjalanan
cp -r v2/packs/perjalanan s/packs/.staging-k1ll3d && : > s/packs/.staging-k1ll3d.lock
w "$player_exe" --data-dir s --trust "$key.pub" > /dev/null 2>&1
is "$(library s)" "1.0.0" "killed between the two moves: the old version is back"
is "$(ls -A s/packs | tr '\n' ' ')" "perjalanan " "and nothing else is left in packs"
# after both moves, before the old one is removed: the new one stays, the old one goes
rm -rf s && cp -r v2 s && cp -r v1/packs/perjalanan s/packs/.staging-k1ll3d.was-perjalanan
w "$player_exe" --data-dir s --trust "$key.pub" > /dev/null 2>&1
is "$(library s)" "1.1.0" "killed after the second move: the new version stays"
is "$(ls -A s/packs | tr '\n' ' ')" "perjalanan " "and the old one is removed"
# real kills
t0=$(date +%s.%N)
rm -rf d && cp -r v1 d && w "$player_exe" --data-dir d --import big2.lentera > /dev/null 2>&1
t1=$(date +%s.%N)
span=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) * 1.3 }')
old=0 new=0
for i in $(seq "${WIN_KILLS:-16}"); do
  rm -rf d && cp -r v1 d
  wine "$player_exe" --data-dir d --import big2.lentera > /dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v m="$span" -v r="$RANDOM" 'BEGIN { printf "%.3f", m * r / 32768 }')"
  kill -9 $pid 2> /dev/null
  wait $pid 2> /dev/null
  w "$player_exe" --data-dir d --trust "$key.pub" > /dev/null 2>&1 # reopened
  v=$(library d)
  case "$v" in
    1.0.0) old=$((old + 1)) ;;
    1.1.0) new=$((new + 1)) ;;
    *) bad "kill $i during an update on Windows: the library holds '$v'" ;;
  esac
done
echo "kills during an update on Windows: $old left 1.0.0, $new left 1.1.0, each whole"
is "$((old + new))" "${WIN_KILLS:-16}" "every kill left one whole version"

echo "== the Windows player in a real window (Xvfb), its screenshot kept"
if command -v Xvfb >/dev/null; then
  Xvfb :87 -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
  pids+=($!)
  sleep 1
  shot=$(winepath -w "$tmp/shots" | sed 's|\\|/|g')/windows-window.png
  printf 'expect "Pilih nama Anda"\nclick "Sari Dewi"\nexpect "Perjalanan Uji"\nscreenshot %s\nquit\n' "$shot" >"$tmp/window.txt"
  DISPLAY=:87 SDL_FRAMEBUFFER_ACCELERATION=0 w "$player_exe" --data-dir "$tmp/jd" \
    --script "$tmp/window.txt" > "$tmp/window.out" 2>&1 || bad "the window: $(tail -3 "$tmp/window.out")"
  is "$(head -c 8 "$tmp/shots/windows-window.png" 2>/dev/null | od -An -c | tr -d ' ')" '211PNG\r\n032\n' \
    "a screenshot of the real window"
  mkdir -p "$root/build-win/artifacts" && cp "$tmp/shots/"*.png "$root/build-win/artifacts/" 2>/dev/null
fi
finish windows
