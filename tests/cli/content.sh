#!/usr/bin/env bash
# Every course in content/ builds without a single warning or error, with a fresh key, and
# the pack verifies (the videos are made first, as the README's commands do). Each has 2-4
# lessons of 5-15 minutes, one cheat sheet, a pre-test and a post-test of at least 6
# questions mixing single choice, multiple response and short answer, each explained, and
# at least one H.264 + AAC video with WebVTT captions. Usage: content.sh LENTERA_PACK CONTENT_DIR
set -u
pack=$(realpath "$1") content=$(realpath "$2")
. "$(dirname "$0")/../lib.sh" || exit 2
"$content/make-videos.sh" >/dev/null || { echo "FAIL: content/make-videos.sh"; exit 1; }
# the captions keep time with the narration to the end: the last cue ends with the last
# sentence, in the last 1.2 s of the video (it ended 12 s early when slide lengths drifted)
for v in "$content"/*/media/*.mp4; do
  d=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$v")
  last=$(grep -- '-->' "${v%.mp4}.vtt" | tail -1 | awk '{ split($3, t, ":"); print t[1] * 3600 + t[2] * 60 + t[3] }')
  is "$(awk -v d="$d" -v l="$last" 'BEGIN { print (d - l >= 0 && d - l <= 1.2) ? "in time" : "off by " d - l " s" }')" \
    "in time" "$(basename "$v"): the last caption ends with the narration"
done
"$pack" keygen -W -p "$tmp/k.pub" -s "$tmp/k.key" >/dev/null || exit 2
for course in "$content"/*/; do
  [ -f "$course/course.md" ] || continue
  name=$(basename "$course")
  if "$pack" build "$course" -s "$tmp/k.key" -o "$tmp/$name.lentera" >/dev/null 2>"$tmp/err"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL: $name does not build"
  fi
  if [ -s "$tmp/err" ]; then fail=$((fail + 1)); echo "FAIL: $name has diagnostics:"; cat "$tmp/err"; fi
  if "$pack" verify "$tmp/$name.lentera" -p "$tmp/k.pub" >/dev/null; then pass=$((pass + 1));
  else fail=$((fail + 1)); echo "FAIL: $name does not verify"; fi
  # the shape every sample course must have (issue: the course library)
  rm -rf "$tmp/x" && mkdir "$tmp/x" && (cd "$tmp/x" && bsdtar -xf "../$name.lentera")
  "$pack" inspect "$tmp/$name.lentera" --json >"$tmp/inspect.json"
  if python3 - "$tmp/inspect.json" "$tmp/x" <<'PY'; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name shape"; fi
import json, sys, xml.etree.ElementTree as ET
j, root = json.load(open(sys.argv[1])), sys.argv[2]
lessons = [i for i in j["items"] if i["kind"] == "lesson"]
assert 2 <= len(lessons) <= 4, f"{len(lessons)} lessons"
assert all(5 <= i["minutes"] <= 15 for i in lessons), "lesson minutes"
assert sum(i["kind"] == "cheatsheet" for i in j["items"]) == 1, "one cheat sheet"
for role in ("pretest", "posttest"):
    quiz = [i for i in j["items"] if i.get("role") == role]
    assert len(quiz) == 1 and quiz[0]["questions"] >= 6, f"{role}: 6 questions"
    q = ET.parse(f"{root}/{quiz[0]['path']}").getroot()
    ns = "{urn:lentera:quiz:1}"
    types = {e.get("type") for e in q.iter(ns + "question")}
    assert types == {"single", "multiple", "short"}, f"{role} types {types}"
    assert all(e.find(ns + "explanation") is not None for e in q.iter(ns + "question")), f"{role}: explanations"
paths = [f["path"] for f in j["files"]]
videos = [p for p in paths if p.endswith(".mp4")]
assert videos and all(v[:-4] + ".vtt" in paths for v in videos), "a video with captions"
PY
  for v in "$tmp"/x/media/*.mp4; do
    codecs=$(ffprobe -v error -show_entries stream=codec_name -of csv=p=0 "$v" | tr '\n' ' ')
    if [ "$codecs" = "h264 aac " ] && [ "$(head -1 "${v%.mp4}.vtt")" = "WEBVTT" ]; then pass=$((pass + 1));
    else fail=$((fail + 1)); echo "FAIL: $v is '$codecs' or its captions are not WebVTT"; fi
  done
done
[ $pass -gt 0 ] || { echo "FAIL: no course found in $content"; fail=$((fail + 1)); }
finish content
