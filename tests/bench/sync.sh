#!/usr/bin/env bash
# Benchmark: sync, collect and report at scale, each against a yardstick in the same run.
#
#   sync     lentera-player --sync of 10,000 queued statements  vs  node post_batches.js
#            posting the same bytes in batches of 100; each into a fresh in-memory LRS
#            (xapi-statements on loopback, http://: [sync] says allow_insecure = true).
#            Wall time. Goal: ratio <= 1.2.
#   collect  lentera-pack collect of 1,000,000 statements in sync folders (make_statements.py:
#            a province's records shaped like a real session's). Goal: >= 150,000
#            statements/s.
#   report   lentera-pack report over 1,000,000 and over 5,000,000 of them, every section;
#            time and peak memory. Goal at 5,000,000: <= 15 s, <= 1 GB.
# Usage: tests/bench/sync.sh [BUILD_DIR]   (default: build; needs npm install in tests/xapi)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$root/build}")
pack=$build/packer/lentera-pack player=$build/player/lentera-player
[ -d "$root/tests/xapi/node_modules/xapi-statements" ] ||
  { echo "run 'npm install --no-package-lock' in tests/xapi first (scripts/test.sh does)"; exit 2; }
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
export SDL_VIDEODRIVER=dummy
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
. "$root/tests/bench/lib.sh"

start_lrs() { # start_lrs VAR: an LRS on a free port
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  node "$root/tests/lrs/lrs.js" "$port" kantor rahasia >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/xAPI/about" && break; sleep 0.1; done
  printf -v "$1" '%s' "$port"
}

echo "Recording a real session (three learners)..."
"$pack" keygen -W -p k.pub -s k.sec >/dev/null
"$pack" build "$root/tests/fixtures/course/perjalanan" -s k.sec -o p.lentera >/dev/null 2>&1
"$player" --data-dir data --trust k.pub >/dev/null && "$player" --data-dir data --import p.lentera >/dev/null
sed "s|@OUT@|$work|g" "$root/tests/player/journey.txt" >journey.txt
"$player" --data-dir data --headless --script journey.txt >/dev/null
"$player" --data-dir data --headless --script "$root/tests/report/learners.txt" >/dev/null
sqlite3 data/log.sqlite "SELECT json FROM outbox ORDER BY created, rowid" >templates.jsonl

echo "Sync: 10,000 statements..."
n=$(wc -l <templates.jsonl)
python3 "$root/tests/lrs/statements.py" clone data/log.sqlite $((10000 - n))
sqlite3 data/log.sqlite "SELECT json FROM outbox ORDER BY created, rowid" >queued.jsonl
start_lrs ours
start_lrs theirs
printf '[sync]\nendpoint = http://127.0.0.1:%s/xAPI/\nallow_insecure = true\nusername = kantor\npassword = rahasia\n' "$ours" >data/lentera.conf
chmod 600 data/lentera.conf
t0=$(now); "$player" --data-dir data --sync >/dev/null; t1=$(now)
node "$root/tests/bench/post_batches.js" queued.jsonl "http://127.0.0.1:$theirs/xAPI/" kantor rahasia; t2=$(now)
sent=$(sqlite3 data/log.sqlite "SELECT count(*) FROM outbox WHERE sent IS NOT NULL")
[ "$sent" = 10000 ] || { echo "only $sent of 10000 sent"; exit 1; }
s_ours=$(secs "$t0" "$t1") s_node=$(secs "$t1" "$t2")

echo "Collect: making 1,000,000 statements (a province: 2,000 learners, 40 units, 30 courses)..."
python3 "$root/tests/bench/make_statements.py" templates.jsonl 1000000 sticks >/dev/null
t0=$(now); "$pack" collect sticks --db col.sqlite >collect.txt; t1=$(now)
grep -q "1000000 statement(s) added" collect.txt || { cat collect.txt; exit 1; }
s_collect=$(secs "$t0" "$t1")
report_at() { # report_at LABEL DB: the report's seconds and peak memory (MB)
  /usr/bin/time -f '%e %M' -o rtime.txt "$pack" report --db "$2" -o "rep-$1" >/dev/null
  awk '{ printf "%s %.1f\n", $1, $2 / 1024 }' rtime.txt
}
read -r r1 m1 < <(report_at 1m col.sqlite)
echo "Report: making 4,000,000 more (5,000,000 in all)..."
python3 "$root/tests/bench/make_statements.py" templates.jsonl 4000000 sticks5 >/dev/null
cp col.sqlite col5.sqlite
"$pack" collect sticks5 --db col5.sqlite >collect5.txt
grep -q "the collection holds 5000000" collect5.txt || { cat collect5.txt; exit 1; }
read -r r5 m5 < <(report_at 5m col5.sqlite)

echo
bench_ratio "sync 10,000 statements" "$s_ours" "$s_node" 1.20 s
bench_value "collect 1,000,000" "$(div 1000000 "$s_collect")" statements/s ">=" 150000
bench_value "report 5,000,000" "$r5" s "<=" 15
bench_value "report 5,000,000 peak memory" "$m5" MB "<=" 1024
echo "(report: 1,000,000 statements in $r1 s and $m1 MB; 5,000,000 in $r5 s and $m5 MB)"
