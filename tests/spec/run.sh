#!/usr/bin/env bash
# The CommonMark and GFM spec examples (cmark-gfm's own spec.txt and extensions.txt, from
# Debian's source package: fetch-spec.sh) each as a cheat sheet: `lentera-pack check` alone
# (exit 0 or 1, never a crash or an "internal error", under 2 s; one refused for its links,
# such as /url, is checked again with web addresses), then every example that checks clean
# built into packs of 100 (each cheat sheet rendered to its PDF, under 2 s each on average)
# and drawn by the player headless, which must find each one's first line; under a -DLT_SANITIZE=ON build, no sanitizer report anywhere. Skipped (77) when
# the spec cannot be fetched (no network, no cache).
# Usage: run.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR CACHE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3") cache=$4
mkdir -p "$cache" && cache=$(realpath "$cache")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
"$src/tests/spec/fetch-spec.sh" "$cache" >fetch.txt 2>&1 || { cat fetch.txt; echo "spec not available: skipped"; exit 77; }
python3 "$src/tests/spec/split.py" ex "$cache/spec.txt" "$cache/extensions.txt" >index.txt
total=$(wc -l <index.txt)
[ "$total" -gt 650 ] && ok || bad "examples found: $total"

now() { date +%s%N; }
# 2 s an example; a sanitizer build runs several times slower, so it gets 10 s (what it is
# for there is the reports, not the time)
limit=2000
ldd "$pack" 2>/dev/null | grep -q 'libasan\|libubsan' && limit=10000
clean=() crashed=0 internal=0 slow=0 reports=0 web=0
sanitizer='ERROR: (Address|Leak)Sanitizer|runtime error:' # a -DLT_SANITIZE=ON build's reports
while IFS=$'\t' read -r n where section; do
  t0=$(now)
  "$pack" check "ex/e$n" >/dev/null 2>"ex/e$n/check.txt"
  rc=$? ms=$((($(now) - t0) / 1000000))
  case $rc in
  0) clean+=("$n") ;;
  1) # refused for its links (/url, foo.html): drawn with web addresses instead
    mv "ex/e$n/web.md" "ex/e$n/contoh.md"
    "$pack" check "ex/e$n" >/dev/null 2>"ex/e$n/web.txt" && clean+=("$n") && web=$((web + 1))
    grep -qE "$sanitizer" "ex/e$n/web.txt" && cat "ex/e$n/web.txt" >>"ex/e$n/check.txt" ;;
  *) crashed=$((crashed + 1)) && echo "example $n ($where, $section): check exit $rc" ;;
  esac
  if grep -qE "$sanitizer" "ex/e$n/check.txt"; then
    reports=$((reports + 1)) && echo "example $n ($where): sanitizer report" && head -5 "ex/e$n/check.txt"
  fi
  if grep -q "internal error" "ex/e$n/check.txt"; then
    internal=$((internal + 1)) && echo "example $n ($where): $(cat "ex/e$n/check.txt")"
  fi
  [ "$ms" -lt "$limit" ] || { slow=$((slow + 1)) && echo "example $n ($where): check took $ms ms"; }
done <index.txt
is "$crashed" 0 "check: examples that crashed"
is "$internal" 0 "check: examples with an internal error"
is "$slow" 0 "check: examples slower than $((limit / 1000)) s"
is "$reports" 0 "check: sanitizer reports"
echo "check: ${#clean[@]} of $total examples to draw ($web of them with their links made web" \
  "addresses), the rest refused with authoring errors"

"$pack" keygen -W -p k.pub -s k.key >/dev/null
"$player" --data-dir data --trust k.pub >/dev/null
groups=0 built=0 drawn=0
for ((g = 0; g * 100 < ${#clean[@]}; g++)); do
  part=("${clean[@]:g*100:100}")
  c="g$g" && mkdir -p "$c"
  items=$(printf 'e%s.md, ' "${part[@]}")
  printf -- '---\nid: spec-g%d\ntitle: Spec %d\nversion: 1.0.0\nlanguage: id\naudience: [semua-staf]\npublisher: Uji\nitems: [%s]\n---\n' \
    "$g" "$g" "${items%, }" >"$c/course.md"
  for n in "${part[@]}"; do cp "ex/e$n/contoh.md" "$c/e$n.md"; done
  t0=$(now)
  "$pack" build "$c" -s k.key -o "$c.lentera" >/dev/null 2>"$c.build.txt"
  rc=$? ms=$((($(now) - t0) / 1000000))
  is "$rc" 0 "build of group $g" || cat "$c.build.txt"
  [ "$ms" -lt $((limit * ${#part[@]})) ] && ok || bad "group $g: build took $ms ms"
  pdfs=$(bsdtar -tf "$c.lentera" | grep -c '^cheatsheets/.*\.pdf$')
  is "$pdfs" "${#part[@]}" "group $g: one PDF per example"
  built=$((built + pdfs))
  "$player" --data-dir data --import "$c.lentera" >/dev/null 2>&1
  is $? 0 "import of group $g"
  {
    echo "learner 199001012020011001 Uji Spec"
    for n in "${part[@]}"; do
      echo "open spec-g$g e$n"
      echo "expect \"Contoh $n.\""
    done
    echo quit
  } >"$c.script"
  t0=$(now)
  "$player" --data-dir data --headless --script "$c.script" >"$c.player.txt" 2>&1
  rc=$? ms=$((($(now) - t0) / 1000000))
  is "$rc" 0 "player draws group $g" || head -5 "$c.player.txt"
  grep -qE "$sanitizer" "$c.build.txt" "$c.player.txt" && bad "group $g: sanitizer report"
  [ "$ms" -lt $((limit * ${#part[@]})) ] && ok || bad "group $g: drawing took $ms ms"
  [ "$rc" = 0 ] && drawn=$((drawn + ${#part[@]}))
  groups=$((groups + 1))
done
echo "built $built cheat sheets with their PDFs in $groups packs; the player drew $drawn"
finish spec.examples
