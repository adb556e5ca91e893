# tests/lib.sh — what every script test shares, sourced right after it has read its
# arguments (as absolute paths: this changes into a fresh temporary folder, removed at exit
# unless KEEP=1). Checks count into pass/fail and print what they got against what was
# expected; `finish NAME` prints the tally and sets the exit status.
#   . "$(dirname "$0")/../lib.sh" || exit 2   (never go on outside a fresh folder)
# Background servers a test starts go in `pids`; they are stopped at exit.
tmp=$(mktemp -d) || exit 2
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# is GOT EXPECTED WHAT
is() {
  if [ "$1" = "$2" ]; then ok; else
    fail=$((fail + 1))
    printf 'FAIL: %s:\n  got:      %s\n  expected: %s\n' "$3" "$1" "$2"
  fi
}
# has FILE TEXT WHAT / hasnt FILE TEXT WHAT: TEXT is (not) in FILE (a grep pattern)
has() { if grep -q -- "$2" "$1"; then ok; else bad "$3: no '$2' in $1:"; head -40 "$1"; fi; }
hasnt() { if ! grep -q -- "$2" "$1"; then ok; else bad "$3: '$2' in $1:"; head -40 "$1"; fi; }
# mode FILE: its permission bits in octal, or "missing"
mode() { stat -c %a "$1" 2>/dev/null || echo missing; }
finish() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" = 0 ]
}
