#!/usr/bin/env bash
# captions.srt: a course whose video has only media/x.srt (as Subtitle Edit writes it: BOM,
# CRLF, numbers, commas, <i>/<b>/<font>) checks and builds; the pack holds media/x.vtt and no
# .srt, and Lentera's WebVTT reader (vttdump) reads the same cues from it. Mistakes in a .srt
# are errors at x.srt:line:col; a SubRip file named .vtt gets the hint to rename it; a
# Windows-1252 or UTF-16 file says so and how to save it as UTF-8. No pack is written then.
# Usage: srt.sh LENTERA_PACK VTTDUMP
set -u
pack=$(realpath "$1") dump=$(realpath "$2")
src=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/../lib.sh" || exit 2
"$pack" keygen -W -p k.pub -s k.key >/dev/null
ffmpeg -v error -y -f lavfi -i "testsrc=size=320x180:rate=10:duration=4" \
  -f lavfi -i "sine=frequency=440:duration=4" -shortest -c:v libx264 -pix_fmt yuv420p -c:a aac \
  klip.mp4 || bad "ffmpeg failed"
# course NAME: the mini course with a lesson showing media/klip.mp4, no captions yet
course() {
  rm -rf "$1" && cp -r "$src/tests/fixtures/course/mini" "$1" && cp klip.mp4 "$1/media/"
  printf -- '---\nkind: lesson\ntitle: Video\nminutes: 5\nobjectives: [Menonton]\n---\n\n# Video\n\n![Klip](media/klip.mp4)\n' >"$1/video.md"
  sed -i 's/^items: \[/items: [video.md, /' "$1/course.md"
}

course good
printf '\xef\xbb\xbf1\r\n00:00:00,500 --> 00:00:02,000\r\n<i>Selamat</i> datang &\r\n<font color="#ffff00">rekan</font>\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,750\r\n<b>Kata sandi</b> <3\r\n' >good/media/klip.srt
"$pack" check good >out.txt 2>&1
is $? 0 "a course with only klip.srt checks"
hasnt out.txt "has no captions" "no missing-captions warning"
"$pack" build good -s k.key -o good.lentera >out.txt 2>&1
is $? 0 "and builds"
bsdtar -tf good.lentera >list.txt
has list.txt '^media/klip.vtt$' "the pack holds klip.vtt"
hasnt list.txt '\.srt$' "and no .srt"
"$pack" verify good.lentera -p k.pub >/dev/null
is $? 0 "the pack verifies"
bsdtar -xOf good.lentera media/klip.vtt >klip.vtt
"$dump" klip.vtt >dump.txt
is $? 0 "our reader takes the converted captions"
is "$(cat dump.txt)" "== klip.vtt valid 2
0.500	2.000	Selamat datang &\\nrekan
2.000	3.750	Kata sandi <3" "cues, times and text"
"$dump" --srt good/media/klip.srt >dump2.txt
is "$(tail -n +2 dump2.txt)" "$(tail -n +2 dump.txt)" "vttdump --srt reads the same"

course wrong
printf '1\n00:00:00,500 --> 00:00:02,000\nSatu\n\n2\n00:00:02.000 -> 00:00:03,000\nDua\n\n3\n00:00:03,000 --> 00:00:02,000\nTiga\n' >wrong/media/klip.srt
"$pack" build wrong -s k.key -o wrong.lentera >out.txt 2>&1
is $? 1 "a malformed .srt is refused"
is "$(grep error: out.txt)" "wrong/media/klip.srt:6:14: error: expected '-->' after the start time, like '00:00:01,000 --> 00:00:04,000'
wrong/media/klip.srt:10:1: error: the cue ends before it starts: the end time must be later" "each mistake at its line and column"
[ -e wrong.lentera ] && bad "a pack was written" || ok

course renamed
printf '1\r\n00:00:00,500 --> 00:00:02,000\r\nSatu\r\n' >renamed/media/klip.vtt
"$pack" check renamed >out.txt 2>&1
is $? 1 "a .srt named .vtt is refused"
is "$(grep error: out.txt)" "renamed/media/klip.vtt:1:1: error: a captions file must start with the line 'WEBVTT'; this one looks like SubRip (.srt): name it 'klip.srt' instead and Lentera converts it" "with the hint to rename it"

course latin1
printf '1\r\n00:00:00,500 --> 00:00:02,000\r\nCaf\xe9 pagi\r\n' >latin1/media/klip.srt
"$pack" check latin1 >out.txt 2>&1
is $? 1 "a Windows-1252 .srt is refused"
is "$(grep error: out.txt)" "latin1/media/klip.srt:3:4: error: captions must be saved as UTF-8, and this file looks like Windows-1252 (Latin-1): open it in Notepad or Subtitle Edit, choose 'Save as', pick the encoding 'UTF-8' and save it again" "names the encoding and how to save it"

course utf16
printf '\xff\xfeW\0E\0B\0V\0T\0T\0\n\0' >utf16/media/klip.vtt
"$pack" check utf16 >out.txt 2>&1
is $? 1 "a UTF-16 .vtt is refused"
has out.txt "utf16/media/klip.vtt:1:1: error: captions must be saved as UTF-8, and this file looks like UTF-16 LE" "names UTF-16 LE"
finish captions.srt
