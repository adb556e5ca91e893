#!/usr/bin/env bash
# Line and branch coverage per module, from a build configured with -DLT_COVERAGE=ON after
# its tests ran (scripts/test.sh does both). Modules under 80% of lines are marked; each
# either gets tests or its reason in docs/HACKING.md ("Coverage"). Reads the counters with
# gcovr (Debian's package).
# Usage: scripts/coverage.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
command -v gcovr >/dev/null || { echo "coverage: gcovr is missing (scripts/install-deps.sh)" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# the programs' own code only: not the tests, not generated sources in the build tree
gcovr -r "$root" --object-directory "$build" -f "$root/core/" -f "$root/packer/" -f "$root/player/" \
  --gcov-ignore-parse-errors --json-summary "$out" --json-summary-pretty >/dev/null
python3 - "$out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
rows = sorted(s["files"], key=lambda f: f["filename"])
print(f"{'module':34} {'lines':>15} {'branches':>17}")
for f in rows:
    lp = f["line_percent"]; bp = f.get("branch_percent", 0.0)
    mark = "  < 80% of lines" if lp < 80 else ""
    print(f"{f['filename']:34} {f['line_covered']:5}/{f['line_total']:<5} {lp:5.1f}%"
          f" {f['branch_covered']:6}/{f['branch_total']:<6} {bp:5.1f}%{mark}")
print(f"{'all':34} {s['line_covered']:5}/{s['line_total']:<5} {s['line_percent']:5.1f}%"
      f" {s['branch_covered']:6}/{s['branch_total']:<6} {s['branch_percent']:5.1f}%")
PY
