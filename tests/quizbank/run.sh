#!/usr/bin/env bash
# quizimport.gift-pegjs: the GIFT bank (tests/fixtures/quizimport/bank.gift, 60+ questions,
# and issue13.gift)
# read by npm gift-pegjs and by Lentera (quizbank_dump), compared question by question;
# prints "N agree, 0 disagree" and each deliberate difference with the Moodle rule it
# follows; fails on any other difference. scripts/test.sh installs the npm package first.
# Usage: run.sh QUIZBANK_DUMP FIXTURES_DIR
set -u
dump=$(realpath "$1") fx=$(cd "$2" && pwd) here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/../lib.sh" || exit 2
if [ ! -d "$here/node_modules/gift-pegjs" ]; then
  echo "FAIL: run 'npm install --no-package-lock' in tests/quizbank (scripts/test.sh does)"
  exit 1
fi
"$dump" "$fx/bank.gift" gift >"$tmp/ours.json" 2>"$tmp/warnings.txt"
is $? 0 "bank.gift reads without errors"
is "$(grep -c '"type"' "$tmp/ours.json")" 67 "every question dumped, skipped ones too"
node "$here/compare.js" "$fx/bank.gift" "$tmp/ours.json" >"$tmp/compare.txt"
is $? 0 "gift-pegjs and Lentera agree but for documented Moodle rules"
cat "$tmp/compare.txt"
has "$tmp/compare.txt" "67 agree, 0 disagree" "every question agrees"
# and the examples of issue 13 (Moodle's partial-credit example, =%0%, {true}, Moodle 4 HTML)
"$dump" "$fx/issue13.gift" gift >"$tmp/issue.json" 2>/dev/null
node "$here/compare.js" "$fx/issue13.gift" "$tmp/issue.json" >"$tmp/issue.txt"
is $? 0 "issue13.gift: gift-pegjs and Lentera agree"
cat "$tmp/issue.txt"
has "$tmp/issue.txt" "7 agree, 0 disagree" "every example agrees"
finish quizimport.gift-pegjs
