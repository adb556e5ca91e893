#!/usr/bin/env bash
# Runs every benchmark (pack, import, player, sync, video) on the build given, one after
# another on a quiet machine, and prints their results as one table: what was measured,
# ours, the peer's, the ratio, the goal, and whether it is met. Each bench also prints its
# own lines as it goes (tests/bench/lib.sh's format). Exits 1 when a goal is not met or a
# bench failed. About 15 minutes on 2 cores.
# Usage: tests/bench/all.sh [BUILD_DIR]   (default: build; a RelWithDebInfo build measures
#        what users run: cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=RelWithDebInfo)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$root/build}")
results=$(mktemp)
trap 'rm -f "$results"' EXIT
export BENCH_RESULTS=$results
failed=()
for b in pack import player sync video; do
  echo "== $b"
  case $b in
  pack) "$root/tests/bench/pack.sh" "$build/packer/lentera-pack" ;;
  *) "$root/tests/bench/$b.sh" "$build" ;;
  esac || failed+=("$b")
  echo
done
echo "== results ($(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(date +%F))"
awk -F'|' 'BEGIN { printf "| %s | %s | %s | %s | %s | %s |\n| --- | --- | --- | --- | --- | --- |\n",
  "measured", "ours", "peer", "ratio", "goal", "" }
  { printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$results"
unmet=$(grep -c '|NOT met$' "$results" || true)
[ ${#failed[@]} = 0 ] || echo "benches that failed: ${failed[*]}"
if [ "$unmet" = 0 ] && [ ${#failed[@]} = 0 ]; then
  echo "every goal met"
else
  echo "$unmet goal(s) not met"
  exit 1
fi
