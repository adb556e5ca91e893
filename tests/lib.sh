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
# test_lrs SRC DATA_DIR: the test LRS (tests/lrs/lrs.js, login kantor/rahasia) on a free
# loopback port, its address in $lrs_url, and DATA_DIR's lentera.conf pointing the player
# at it (plain http allowed)
test_lrs() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  node "$1/tests/lrs/lrs.js" "$port" kantor rahasia >lrs.log 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/xAPI/about" && break; sleep 0.1; done
  lrs_url=http://127.0.0.1:$port/xAPI/
  printf '[sync]\nendpoint = %s\nallow_insecure = true\nusername = kantor\npassword = rahasia\n' \
    "$lrs_url" >"$2/lentera.conf"
  chmod 600 "$2/lentera.conf"
}
finish() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" = 0 ]
}
