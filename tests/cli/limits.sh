#!/usr/bin/env bash
# Limits are the same everywhere and fail politely (issue 11, core/include/lentera/limits.h):
# front matter nested 100,000 or 1,000,000 deep fails at once with its file:line:col; an item
# over the item limit, or one whose XML would be, is refused by check and build (so a pack
# build writes always passes its own verify), and one just under it builds and verifies; a
# manifest over the reader's limit is refused at check time; collect skips a statement line
# over the statement limit with its file:line and keeps every other line and file.
# Usage: limits.sh LENTERA_PACK
set -u
pack=$(realpath "$1")
. "$(dirname "$0")/../lib.sh" || exit 2
"$pack" keygen -W -p k.pub -s k.key >/dev/null || exit 2
lesson=01-pelajaran-pertama.md
fresh() { rm -rf c out.lentera; "$pack" new c >/dev/null || exit 2; }

# refused NAME MESSAGE: check and build exit 1 with exactly MESSAGE + summary, in time,
# and build writes no pack.
refused() {
  local name=$1 want="$2
1 error, 0 warnings; no pack written"
  timeout 10 "$pack" check c >/dev/null 2>err.txt
  is "$?" 1 "$name: check exit (in time)"
  is "$(cat err.txt)" "$want" "$name: check diagnostics"
  timeout 10 "$pack" build c -s k.key -o out.lentera >/dev/null 2>err.txt
  is "$?" 1 "$name: build exit (in time)"
  is "$(cat err.txt)" "$want" "$name: build diagnostics"
  is "$(ls out.lentera 2>/dev/null)" "" "$name: no pack"
}

# Deep front matter: one "x: [[[[…]]]]" line after the publisher (line 8); the root mapping
# is level 1, so the 64th '[' (column 4 + 63) is the 65th level.
for depth in 100000 1000000; do
  fresh
  python3 - "$depth" <<'EOF'
import sys
n = int(sys.argv[1])
s = open('c/course.md').read()
s = s.replace('publisher: Nama Unit Anda\n', 'publisher: Nama Unit Anda\nx: ' + '[' * n + ']' * n + '\n')
open('c/course.md', 'w').write(s)
EOF
  refused "YAML $depth deep" \
    "c/course.md:8:67: error: front matter nests more than 64 levels deep here; it needs only 'key: value' lines and simple lists"
done
fresh # in an item too, inside a mapping
python3 - <<'EOF'
s = open('c/01-pelajaran-pertama.md').read()
s = s.replace('minutes: 5\n', 'minutes: 5\ny:\n' + ''.join('  ' * i + 'k:\n' for i in range(1, 200)) + '  ' * 200 + 'k: 1\n')
open('c/01-pelajaran-pertama.md', 'w').write(s)
EOF
refused "YAML 200 deep in an item" \
  "c/$lesson:69:129: error: front matter nests more than 64 levels deep here; it needs only 'key: value' lines and simple lists"

# An item file over the item limit is refused before it is read.
fresh
head -c $((4 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >>c/$lesson
refused "item over 4 MiB" \
  "c/$lesson:1:1: error: the file is 4.0 MiB; an item may be 4.0 MiB at most: split it into shorter items"

# An item under the limit whose XML would be over it (a 0.9 MB list of 30,000 entries) is
# refused at check; kept small enough that the sanitizer build runs it well inside the timeout.
fresh
python3 -c "
open('c/$lesson', 'a').write('\n' + ''.join('- kata **penting** nomor %d\n' % i for i in range(30000)))"
refused "item whose XML is over 4 MiB" \
  "c/$lesson:1:1: error: this item compiles to 7.1 MiB of XML; an item may be 4.0 MiB at most: split it into shorter items"

# Just under the limit: builds, and its own verify accepts it.
fresh
python3 -c "
p = 'Kalimat panjang tentang keamanan data pegawai. ' * 20
open('c/$lesson', 'a').write('\n' + ''.join(p + '\n\n' for i in range(4000)))"
"$pack" build c -s k.key -o out.lentera >/dev/null 2>err.txt
is "$?" 0 "item just under the limit: build"
"$pack" verify out.lentera -p k.pub >/dev/null 2>err.txt
is "$?" 0 "item just under the limit: verify ($(cat err.txt))"

# Three lessons with 3 MiB titles: a 9 MiB manifest, over the 8 MiB readers take.
fresh
sed -i 's/^items: \[\(.*\)\]/items: [\1, b1.md, b2.md, b3.md]/' c/course.md
for b in b1 b2 b3; do
  python3 -c "
import sys
open('c/$b.md', 'w').write('---\nkind: lesson\ntitle: ' + 'T' * (3 * 1024 * 1024) + '\nminutes: 5\nobjectives: [x]\n---\n\nIsi.\n')"
done
refused "manifest over 8 MiB" \
  "c/course.md:1:1: error: the pack's manifest (lentera.xml) would be 9.0 MiB; it may be 8.0 MiB at most: the course has too many files or too long titles"

# collect: a 2 MiB line (a well-formed statement, but over the 1 MiB limit) is skipped with
# its file:line; the lines around it and another file read in the same run are kept.
st() { # st N [EXTRA]: a minimal statement with id number N
  printf '{"id":"00000000-0000-4000-8000-%012d","actor":{"account":{"homePage":"https://x","name":"199001012020011001"}},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://x/c/%s"}}' "$1" "${2:-a}"
}
mkdir -p sync/lentera-sync/dev-a sync/lentera-sync/dev-b
{ st 1; echo; st 2 "$(head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'b')"; echo; st 3; echo; } >sync/lentera-sync/dev-a/1.jsonl
{ st 4; echo; } >sync/lentera-sync/dev-b/1.jsonl
"$pack" collect sync --db col.sqlite >out.txt 2>err.txt
is "$?" 1 "collect with a long line: exit (a rejected line)"
is "$(cat err.txt)" "sync/lentera-sync/dev-a/1.jsonl:2:1: error: line of 2.0 MiB is not a statement (a statement is 1.0 MiB at most); skipped" "collect: the long line named"
is "$(cat out.txt)" "2 file(s) read, 0 read before; 3 statement(s) added, 0 already there, 0 conflict(s), 1 rejected; the collection holds 3." "collect: the rest kept"

finish limits
