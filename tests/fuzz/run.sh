#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for FUZZ_SECONDS
# (default 60), seeded from the kept corpus (tests/fuzz/corpus/<target>/: what earlier runs
# found, minimised with -merge=1), the test fixtures and a real pack. Any crash, sanitizer
# report or leak fails the run; its input is kept in build-fuzz/artifacts/ to become a
# regression test (tests/fixtures/statements/regress-*.jsonl are such inputs).
# With --update-corpus, each target's kept corpus is replaced by the minimal set (-merge=1)
# of it, the seeds and this run's findings that covers as much; commit the result.
# Usage: tests/fuzz/run.sh [--update-corpus]
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${FUZZ_SECONDS:-30}
update=false; [ "${1:-}" = --update-corpus ] && update=true
cd "$root"
command -v clang >/dev/null || { echo "FAIL: clang missing (scripts/install-deps.sh)"; exit 1; }
CC=clang cmake -S . -B build-fuzz -DLT_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null || exit 1
cmake --build build-fuzz -j "$(nproc)" --target lentera-pack fuzz_manifest fuzz_quiz fuzz_lesson \
  fuzz_pack fuzz_course fuzz_quizimport fuzz_statements fuzz_webvtt fuzz_srt fuzz_indicators -- --no-print-directory >/dev/null || exit 1
bin=$root/build-fuzz/tests/fuzz seeds=$root/build-fuzz/seeds art=$root/build-fuzz/artifacts
targets="manifest quiz lesson pack course quizimport statements webvtt srt indicators"
rm -rf "$seeds" && mkdir -p "$art" && for t in $targets; do mkdir -p "$seeds/$t"; done
export ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build-fuzz/packer/lentera-pack keygen -W -p "$tmp/k.pub" -s "$tmp/k.key" >/dev/null
build-fuzz/packer/lentera-pack build tests/fixtures/course/mini -s "$tmp/k.key" -o "$seeds/pack/mini.lentera" >/dev/null 2>&1
(cd "$tmp" && bsdtar -xf "$seeds/pack/mini.lentera")
cp "$tmp/lentera.xml" "$seeds/manifest/"
cp "$tmp"/quizzes/*.xml "$seeds/quiz/"
cp "$tmp"/lessons/*.xml "$tmp"/cheatsheets/*.xml "$seeds/lesson/"
for f in tests/fixtures/course/*/*.md; do cp "$f" "$seeds/course/$(basename "$(dirname "$f")")-$(basename "$f")"; done
for f in tests/fixtures/quizimport/*.gift; do { printf '\001'; cat "$f"; } >"$seeds/quizimport/$(basename "$f")"; done
for f in tests/fixtures/quizimport/*.txt; do { printf '\000'; cat "$f"; } >"$seeds/quizimport/$(basename "$f")"; done
for f in tests/fixtures/quizimport/*.xml; do { printf '\002'; cat "$f"; } >"$seeds/quizimport/$(basename "$f")"; done
cp tests/fixtures/statements/*.jsonl "$seeds/statements/"
cp tests/fixtures/webvtt/*.vtt tests/captions/corpus/*.vtt "$seeds/webvtt/"
cp tests/fixtures/srt/*.srt "$seeds/srt/"
cp tests/fixtures/indicators/*.csv "$seeds/indicators/"
pass=0 fail=0
for t in $targets; do
  mkdir -p "build-fuzz/corpus/$t"
  max=8192; [ $t = pack ] && max=65536
  kept=tests/fuzz/corpus/$t
  mkdir -p "$kept"
  if "$bin/fuzz_$t" -max_total_time="$seconds" -max_len=$max -timeout=20 -rss_limit_mb=2048 \
      -artifact_prefix="$art/$t-" "build-fuzz/corpus/$t" "$kept" "$seeds/$t" >"$tmp/$t.log" 2>&1; then
    pass=$((pass + 1))
    echo "fuzz_$t: $(grep -o 'Done [0-9]* runs' "$tmp/$t.log") in ${seconds}s, from $(ls "$kept" | wc -l) kept inputs"
  else
    fail=$((fail + 1)); echo "FAIL: fuzz_$t"; tail -30 "$tmp/$t.log"
  fi
  if $update; then
    rm -rf "$tmp/merged" && mkdir "$tmp/merged"
    "$bin/fuzz_$t" -merge=1 -max_len=$max -timeout=20 -rss_limit_mb=2048 "$tmp/merged" "$kept" \
      "$seeds/$t" "build-fuzz/corpus/$t" >"$tmp/$t-merge.log" 2>&1 || { tail "$tmp/$t-merge.log"; exit 1; }
    rm -rf "$kept" && mv "$tmp/merged" "$kept"
    echo "  kept corpus: $(ls "$kept" | wc -l) inputs, $(du -sk "$kept" | cut -f1) KiB"
  fi
done
echo "fuzz: $(echo $targets | wc -w) targets x ${seconds}s; $pass passed, $fail failed"
[ "$fail" = 0 ]
