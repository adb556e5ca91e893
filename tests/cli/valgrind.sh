#!/usr/bin/env bash
# The CLI under valgrind memcheck: every lentera-pack command on the fixtures runs with no
# memory error and no definite leak (system libraries' process-lifetime caches excepted).
# Usage: valgrind.sh LENTERA_PACK SOURCE_DIR
set -u
pack=$(realpath "$1") src=$(realpath "$2")
command -v valgrind >/dev/null || { echo "FAIL: valgrind missing"; exit 1; }
. "$(dirname "$0")/../lib.sh" || exit 2
vg() { # vg EXPECTED_EXIT ARGS...
  local want=$1; shift
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --show-leak-kinds=definite --suppressions="$src/tests/valgrind.supp" "$pack" "$@" >out.txt 2>err.txt
  local got=$?
  if [ "$got" = "$want" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $* -> exit $got"; cat err.txt | head -40; fi
}
vg 0 keygen -W -p k.pub -s k.key
vg 0 check "$src/tests/fixtures/course/mini"
vg 1 check "$src/tests/cli/cases/all-errors/course"
vg 0 build "$src/tests/fixtures/course/mini" -s k.key -o m.lentera
vg 0 verify m.lentera -p k.pub
vg 0 inspect m.lentera --json
vg 0 import-quiz "$src/tests/fixtures/quizimport/moodle.gift" -o q.md
vg 1 import-quiz "$src/tests/fixtures/quizimport/broken.txt" -o r.md
vg 0 import-quiz "$src/tests/fixtures/quizimport/bank.xml" -o x.md
vg 1 import-quiz "$src/tests/fixtures/quizimport/unclosed.gift" -o u.md
vg 0 new kursus
printf 'junk' >bad.lentera
vg 1 verify bad.lentera -p k.pub
finish valgrind
