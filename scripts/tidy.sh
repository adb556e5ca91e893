#!/usr/bin/env bash
# clang-tidy over the programs' own C files with the checks in .clang-tidy; any finding
# fails. Needs a build folder with compile_commands.json (configured with
# -DCMAKE_EXPORT_COMPILE_COMMANDS=ON; scripts/test.sh's first build has it).
# Usage: scripts/tidy.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json" >&2; exit 2; }
cd "$root"
files=(core/*.c cli/*.c packer/*.c player/*.c)
# two at a time on two cores; each file's findings printed whole
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet >"$build/tidy.log" 2>&1 || true
n=$(grep -cE '(warning|error): .*\[[a-z-]+.*\]$' "$build/tidy.log" || true)
if [ "$n" != 0 ]; then
  grep -E -A3 '(warning|error): .*\[[a-z-]+.*\]$' "$build/tidy.log"
  echo "tidy: $n findings in ${#files[@]} files"
  exit 1
fi
echo "tidy: 0 findings in ${#files[@]} files"
