#!/usr/bin/env bash
# The packer's video checks, on clips made here with ffmpeg's lavfi sources: accepted MP4
# (H.264 + AAC) and WebM (VP9 + Opus) with their poster and manifest fields; refused
# containers and codecs with what they are and the command that converts them; too large,
# too long (error) and long (warning); a truncated file; captions with a malformed cue
# (error at its line) and none at all (warning).
# Usage: video.sh LENTERA_PACK SOURCE_DIR
set -u
pack=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/../lib.sh" || exit 2
clip() { # clip OUT SECONDS SIZE VIDEO-ARGS... : test picture + tone
  local out=$1 secs=$2 size=$3; shift 3
  ffmpeg -v error -y -f lavfi -i "testsrc=size=$size:rate=10:duration=$secs" \
    -f lavfi -i "sine=frequency=440:duration=$secs" -shortest "$@" "$out" || echo "ffmpeg failed: $out"
}
"$pack" keygen -W -p k.pub -s k.key >/dev/null
# course COURSE_NAME VIDEO_FILE [VTT_TEXT]: the mini course with one more lesson embedding it
course() {
  rm -rf "$1" && cp -r "$src/tests/fixtures/course/mini" "$1"
  cp "$2" "$1/media/"
  local base; base=$(basename "$2")
  printf -- '---\nkind: lesson\ntitle: Video\nminutes: 5\nobjectives: [Menonton]\n---\n\n# Video\n\nTonton ini:\n\n![Klip](media/%s)\n' \
    "$base" >"$1/video.md"
  sed -i 's/^items: \[/items: [video.md, /' "$1/course.md"
  [ $# -ge 3 ] && printf '%b' "$3" >"$1/media/${base%.*}.vtt"
  true
}
vtt='WEBVTT\n\n00:00.000 --> 00:02.000\nHalo.\n'

clip ok.mp4 3 640x360 -c:v libx264 -pix_fmt yuv420p -c:a aac
course c1 ok.mp4 "$vtt"
"$pack" build c1 -s k.key -o ok.lentera >out.txt 2>&1
is $? 0 "H.264 + AAC in MP4 accepted"
bsdtar -xOf ok.lentera lentera.xml >m.xml
has m.xml 'path="media/ok.mp4" .* duration="3.000" width="640" height="360" codecs="h264,aac" poster="media/ok.poster.png"' "manifest fields"
bsdtar -xOf ok.lentera media/ok.poster.png >poster.png
is "$(python3 -c 'import struct,sys; d=open("poster.png","rb").read(); print(d[:4] == b"\x89PNG", *struct.unpack(">II", d[16:24]))')" \
  "True 640 360" "poster is a 640x360 PNG"
"$pack" verify ok.lentera -p k.pub >/dev/null
is $? 0 "the pack with a video verifies"

clip ok.webm 3 640x360 -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 200k -c:a libopus
course c2 ok.webm "$vtt"
"$pack" build c2 -s k.key -o webm.lentera >out.txt 2>&1
is $? 0 "VP9 + Opus in WebM accepted"
bsdtar -xOf webm.lentera lentera.xml | grep -q 'codecs="vp9,opus"'
is $? 0 "webm codecs in the manifest"

clip old.avi 2 320x240 -c:v mpeg4 -c:a libmp3lame
course c3 old.avi "$vtt"
"$pack" check c3 >out.txt 2>&1
is $? 1 "AVI refused"
has out.txt "c3/video.md:12:1: error: 'old.avi' is mpeg4 video with mp3 in avi" "says what it is, where"
has out.txt "ffmpeg -i 'old.avi' -c:v libx264 -crf 23 -vf scale=-2:720 -c:a aac 'old.mp4'" "says how to convert"

# --transcode: the same AVI becomes H.264 + AAC MP4 in the pack, the lesson points at it
before=$(ls -d "${TMPDIR:-/tmp}"/lentera-transcode-* 2>/dev/null | wc -l)
"$pack" build c3 -s k.key -o avi.lentera --transcode >out.txt 2>&1
is $? 0 "AVI transcoded with --transcode"
has out.txt "note: 'old.avi' (mpeg4 + mp3 in avi, 320x240) will be transcoded to H.264 + AAC 720p" "says it will transcode"
bsdtar -xOf avi.lentera lentera.xml >m.xml
has m.xml 'path="media/old.mp4" .* width="320" height="240" codecs="h264,aac"' "the MP4 in the manifest"
is "$(grep -c 'media/old.avi' m.xml)" 0 "the AVI left out"
is "$(bsdtar -xOf avi.lentera lessons/video.xml | grep -o 'destination="media/old[^"]*"')" 'destination="media/old.mp4"' "the lesson points at the MP4"
bsdtar -xOf avi.lentera media/old.mp4 >old.mp4
is "$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 old.mp4 | xargs)" "h264 aac" "really H.264 + AAC"
is "$(ls -d "${TMPDIR:-/tmp}"/lentera-transcode-* 2>/dev/null | wc -l)" "$before" "no scratch files left"
"$pack" verify avi.lentera -p k.pub >/dev/null
is $? 0 "the transcoded pack verifies"

clip hevc.mp4 2 320x240 -c:v libx265 -x265-params log-level=none -c:a aac
course c4 hevc.mp4 "$vtt"
"$pack" check c4 >out.txt 2>&1
is $? 1 "HEVC in MP4 refused"
has out.txt "'hevc.mp4' is hevc video with aac in mp4" "names HEVC"

clip big.mp4 1 2560x1440 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac
course c5 big.mp4 "$vtt"
"$pack" check c5 >out.txt 2>&1
is $? 1 "1440p refused"
has out.txt "'big.mp4' is 2560x1440; videos go up to 1920x1080" "says the size"
"$pack" build c5 -s k.key -o big.lentera --transcode >out.txt 2>&1
is $? 0 "1440p transcoded"
bsdtar -xOf big.lentera lentera.xml | grep -q 'path="media/big-720p.mp4" .* width="1280" height="720"'
is $? 0 "down to 720p"

ffmpeg -v error -f lavfi -i testsrc=size=64x64:rate=1:duration=330 -c:v libx264 -preset ultrafast -pix_fmt yuv420p long.mp4
course c6 long.mp4 "$vtt"
"$pack" check c6 >out.txt 2>&1
is $? 0 "5.5 minutes: a warning only"
has out.txt "warning: 'long.mp4' lasts 5:30; the guide asks for 3 to 5 minutes" "long warning"
ffmpeg -v error -f lavfi -i testsrc=size=64x64:rate=1:duration=960 -c:v libx264 -preset ultrafast -pix_fmt yuv420p toolong.mp4
course c7 toolong.mp4 "$vtt"
"$pack" check c7 >out.txt 2>&1
is $? 1 "16 minutes refused"
has out.txt "'toolong.mp4' lasts 16:00; a video may last 15 minutes at most" "too long"

head -c 3000 ok.mp4 >broken.mp4
course c8 broken.mp4 "$vtt"
"$pack" check c8 >out.txt 2>&1
is $? 1 "truncated video refused"
has out.txt "'broken.mp4' cannot be read as a video" "says it cannot be read"

course c9 ok.mp4 'WEBVTT\n\n00:00.000 --> 00:02.000\nHalo.\n\n00:03.000 -> 00:04.000\nLagi.\n'
"$pack" check c9 >out.txt 2>&1
is $? 1 "malformed cue refused"
has out.txt "c9/media/ok.vtt:6:11: error: expected '-->' between the start and the end time" "cue error at its line"
course c10 ok.mp4
"$pack" check c10 >out.txt 2>&1
is $? 0 "no captions: a warning"
has out.txt "warning: video 'media/ok.mp4' has no captions" "missing captions warning"

finish video
