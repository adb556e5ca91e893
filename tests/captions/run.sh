#!/usr/bin/env bash
# captions.webvtt-parser: our WebVTT reader and the W3C validator's parser (npm webvtt-parser,
# installed by scripts/test.sh into tests/captions/node_modules) agree on every file of
# tests/captions/corpus: verdict, cue count, times and text (compare.js). The files where we
# follow the spec's parser rather than the validator are listed in deliberate.txt.
# Usage: run.sh VTTDUMP
. "$(dirname "$0")/../lib.sh" || exit 2
here=$(cd "$(dirname "$0")" && pwd)
[ -d "$here/node_modules/webvtt-parser" ] ||
  { echo "FAIL: run 'npm install --no-package-lock' in tests/captions (scripts/test.sh does)"; exit 1; }
n=$(ls "$here"/corpus/*.vtt | wc -l)
[ "$n" -ge 50 ] && ok "corpus of $n files" || bad "corpus has only $n files"
node "$here/compare.js" "$1" "$here/corpus" "$here/deliberate.txt" >out.txt 2>&1
rc=$?
cat out.txt
is "$rc" 0 "compare.js exit status"
has out.txt "$n agree, 0 disagree" "every file agrees"
finish captions.webvtt-parser
