#!/usr/bin/env bash
# The player speaks Indonesian by default and English when LANG or lentera.conf asks for
# it; and po/en.po translates every message the sources mark with _() (msgcmp).
# Usage: i18n.sh LENTERA_PLAYER SOURCE_DIR
set -u
player=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
mkdir -p data
run() { # run EXPECTED_TEXT ENV...
  local want=$1; shift
  printf 'expect "%s"\nquit\n' "$want" >s.txt
  if env "$@" "$player" --data-dir data --headless --script s.txt >out.txt 2>&1; then pass=$((pass + 1));
  else fail=$((fail + 1)); echo "FAIL: '$want' with $*"; cat out.txt; fi
}
run "nama Anda untuk mulai" LANG=C
run "nama Anda untuk mulai" LANG=id_ID.UTF-8
run "your name to start" LANG=en_US.UTF-8
run "your name to start" LANG=C LC_ALL=en_GB.UTF-8
printf '[player]\nlanguage=en\n' >data/lentera.conf
run "your name to start" LANG=C
printf '[player]\nlanguage=id\n' >data/lentera.conf
run "nama Anda untuk mulai" LANG=en_US.UTF-8

xgettext --from-code=UTF-8 -k_ -L C --no-location -o messages.pot "$src"/player/*.c
if msgcmp "$src/player/po/en.po" messages.pot 2>msgcmp.txt; then pass=$((pass + 1));
else fail=$((fail + 1)); echo "FAIL: po/en.po misses messages:"; cat msgcmp.txt; fi
finish i18n
