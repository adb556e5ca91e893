#!/usr/bin/env bash
# Captions in the player, headless: cue markup is drawn, not shown as text (a voice as
# "Budi: …", references decoded, '<' in the text escaped for Pango), italic is drawn in
# italics (the caption's pixels differ from the same words upright, and the upright ones
# match again later), overlapping cues all show (made smaller to fit the caption space),
# and the controls stay where they are.
# Usage: captions.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
"$pack" keygen -W -p k.pub -s k.key >/dev/null
rm -rf c && cp -r "$src/tests/fixtures/course/mini" c
ffmpeg -v error -f lavfi -i testsrc=size=320x180:rate=5:duration=20 -f lavfi -i sine=frequency=440:duration=20 \
  -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest c/media/klip.mp4
cat >c/media/klip.vtt <<'V'
WEBVTT
Kind: captions
Language: id

00:00.000 --> 00:04.000
Contoh teks

00:04.000 --> 00:09.000
<i>Contoh teks</i>

00:09.000 --> 00:14.000
Contoh teks

00:14.000 --> 00:20.000
Contoh teks

00:14.000 --> 00:20.000
<v Budi>Tom &amp; Jerry <b>&lt;3</b></v>
V
printf -- '---\nkind: lesson\ntitle: Video Uji\nminutes: 5\nobjectives: [Menonton]\n---\n\n# Video Uji\n\n![Klip](media/klip.mp4)\n' >c/video.md
sed -i 's/^items: \[/items: [video.md, /' c/course.md
"$pack" build c -s k.key -o v.lentera >build.txt 2>&1
is $? 0 "the course builds"
P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import v.lentera >/dev/null
# paused at once, then 5 s jumps: each lands a second inside the next cues, whatever the load
cat >play.txt <<S
learner 1 "Uji"
open mini video
click "Putar video"
key space
wait 300
where "Contoh teks"
where "Putar"
screenshot $tmp/a.png
key Right
wait 300
screenshot $tmp/b.png
key Right
wait 300
screenshot $tmp/c.png
key Right
wait 300
expect "Budi: Tom & Jerry <3"
where "Putar"
quit
S
P --headless --script play.txt >out.txt 2>&1
is $? 0 "the script ran"
cat out.txt
is "$(grep -c '^where Putar: ' out.txt)" 2 "the play button found twice"
is "$(grep '^where Putar: ' out.txt | sort -u | wc -l)" 1 "the controls did not move when a second cue came"
read -r _ y < <(grep '^where Contoh teks: ' out.txt | head -1 | sed 's/.*: //')
crop() { ffmpeg -v error -i "$1" -vf "crop=iw:18:0:$((${y:-0} - 9))" -f rawvideo -pix_fmt rgb24 - | md5sum; }
a=$(crop a.png) b=$(crop b.png) c=$(crop c.png)
[ "$a" != "$b" ] && ok || bad "the italic cue looks the same as the upright one"
is "$c" "$a" "the upright words look the same when they come back"
finish player.captions
