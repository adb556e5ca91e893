#!/usr/bin/env bash
# Makes the sample courses' short videos from their slide scripts, so no video is stored in
# git: every content/<course>/media/<name>.slides becomes <name>.mp4 (H.264 + AAC, 1280x720)
# with Indonesian narration by espeak-ng and <name>.vtt captions, one cue per sentence.
#
# A .slides file is a list of slides separated by blank lines; each slide is a title line
# starting with "# " followed by the narration (the words spoken, shown as captions and,
# wrapped, on the slide). Videos newer than their script are left alone.
# Usage: content/make-videos.sh [COURSE_DIR...]   (default: every course in content/)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
font_dir=/usr/share/fonts/truetype/noto
for tool in ffmpeg ffprobe espeak-ng; do
  command -v $tool >/dev/null || { echo "make-videos: $tool is missing (scripts/install-deps.sh)" >&2; exit 2; }
done
[ -f $font_dir/NotoSans-Regular.ttf ] || { echo "make-videos: fonts-noto-core is missing" >&2; exit 2; }

duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }
# ffmpeg drawtext wants ':' and '%' and '\' escaped in text files only for expansion; we use
# textfile= with expansion=none, so the text is drawn as written.

make_video() { # make_video SLIDES_FILE
  local slides=$1 out=${1%.slides}.mp4 vtt=${1%.slides}.vtt
  if [ -f "$out" ] && [ -f "$vtt" ] && [ "$out" -nt "$slides" ]; then return; fi
  echo "make-videos: $out"
  local work; work=$(mktemp -d)
  ffmpeg -nostdin -v error -f lavfi -i anullsrc=r=22050:cl=mono -t 0.45 -c:a pcm_s16le "$work/pause.wav"
  printf 'WEBVTT\n' >"$work/captions.vtt"
  local t=0 n=0 title="" body=""
  : >"$work/segments.txt"
  flush_slide() {
    [ -n "$title" ] || return 0
    n=$((n + 1))
    local list="$work/audio$n.txt" k=0 slide_t0=$t
    : >"$list"
    # one sentence a cue: split after . ? ! followed by a space
    while IFS= read -r sentence; do
      [ -n "$sentence" ] || continue
      k=$((k + 1))
      espeak-ng -v id -s 145 -w "$work/s$n-$k.wav" "$sentence" </dev/null
      local d; d=$(duration "$work/s$n-$k.wav")
      # cues of at most two 42-character lines; a longer sentence gets several cues, its
      # time shared out by the number of characters in each
      echo "$sentence" | fold -s -w 42 | sed 's/ *$//' | paste -d'\n' - - |
        awk -v t0="$t" -v d="$d" -v total="${#sentence}" '
          function ts(x,  h, m, s) { h = int(x / 3600); m = int((x % 3600) / 60); s = x - h * 3600 - m * 60
                                     return sprintf("%02d:%02d:%06.3f", h, m, s) }
          { lines[NR] = $0 }
          END {
            t = t0
            for (i = 1; i <= NR; i += 2) {
              text = lines[i]; if ((i + 1) in lines && lines[i + 1] != "") text = text "\n" lines[i + 1]
              len = length(lines[i]) + length(lines[i + 1]) + 1
              end = (i + 2 > NR) ? t0 + d : t + d * len / (total + 1)
              printf "\n%s --> %s\n%s\n", ts(t), ts(end), text
              t = end
            }
          }' >>"$work/captions.vtt"
      t=$(awk -v a="$t" -v b="$d" 'BEGIN{print a+b+0.45}')
      printf "file '%s'\nfile '%s'\n" "$work/s$n-$k.wav" "$work/pause.wav" >>"$list"
    done < <(echo "$body" | sed -E 's/([.?!]) +/\1\n/g')
    ffmpeg -nostdin -v error -f concat -safe 0 -i "$list" -c copy "$work/a$n.wav"
    echo "$title" >"$work/title$n.txt"
    echo "$body" | fold -s -w 52 >"$work/body$n.txt"
    ffmpeg -nostdin -v error -f lavfi -i "color=c=0xF5F2EA:s=1280x720:r=5" -i "$work/a$n.wav" \
      -vf "drawbox=x=0:y=0:w=1280:h=120:color=0x29669F:t=fill,\
drawtext=fontfile=$font_dir/NotoSans-Bold.ttf:textfile=$work/title$n.txt:expansion=none:fontsize=48:fontcolor=white:x=60:y=36,\
drawtext=fontfile=$font_dir/NotoSans-Regular.ttf:textfile=$work/body$n.txt:expansion=none:fontsize=38:line_spacing=18:fontcolor=0x1A1A1A:x=60:y=180" \
      -t "$(duration "$work/a$n.wav")" -c:v libx264 -preset veryfast -tune stillimage -pix_fmt yuv420p \
      -c:a aac -b:a 64k -ar 44100 -ac 1 "$work/seg$n.mp4"
    printf "file '%s'\n" "$work/seg$n.mp4" >>"$work/segments.txt"
    # the next slide's cues start where this segment really ends (frames round its length)
    t=$(awk -v a="$slide_t0" -v b="$(duration "$work/seg$n.mp4")" 'BEGIN{print a+b+0}')
    title="" body=""
  }
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line == "# "* ]]; then flush_slide; title=${line#\# }
    elif [ -n "$line" ]; then body="${body:+$body }$line"
    fi
  done <"$slides"
  flush_slide
  ffmpeg -nostdin -v error -y -f concat -safe 0 -i "$work/segments.txt" -c copy -movflags +faststart "$work/out.mp4"
  mv "$work/out.mp4" "$out"
  mv "$work/captions.vtt" "$vtt"
  rm -rf "$work"
}

courses=("$@")
[ ${#courses[@]} -gt 0 ] || courses=("$here"/*/)
for course in "${courses[@]}"; do
  for slides in "$course"/media/*.slides; do
    [ -e "$slides" ] && make_video "$slides"
  done
done
exit 0
