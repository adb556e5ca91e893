#!/usr/bin/env bash
# Interop: our packs checked by tools we did not write, and their files accepted by us.
#   minisign -V accepts our signature; our verify accepts a signature made by minisign -S
#   and a secret key made by minisign -G; bsdtar lists the manifest first; xmllint --schema
#   accepts every XML file; b2sum -l 256 of every file equals the manifest's digest; a
#   changed, missing or extra entry, another key, or a reordered pack gives exit 1.
# Usage: interop.sh LENTERA_PACK SOURCE_DIR
set -u
pack=$(realpath "$1") src=$(realpath "$2")
. "$(dirname "$0")/../lib.sh" || exit 2
expect() { # expect EXIT_CODE DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" >out.txt 2>err.txt
  local got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, expected $want"; cat err.txt; fi
}

export SOURCE_DATE_EPOCH=1700000000
"$pack" keygen -W -p our.pub -s our.key >/dev/null
expect 0 "build" -- "$pack" build "$src/tests/fixtures/course/mini" -s our.key -o mini.lentera

# 1. the entry order, as bsdtar (libarchive's seeking reader) sees it
order=$(bsdtar -tf mini.lentera | head -2 | tr '\n' ' ')
[ "$order" = "lentera.xml lentera.xml.minisig " ] && ok || bad "bsdtar order: $order"
mkdir x && (cd x && bsdtar -xf ../mini.lentera)

# 2. minisign accepts our signature, and the trusted comment is ours
expect 0 "minisign -V" -- minisign -V -p our.pub -m x/lentera.xml -x x/lentera.xml.minisig
grep -q "Trusted comment: lentera id=mini version=0.1.0 created=1700000000" out.txt && ok ||
  bad "minisign trusted comment: $(cat out.txt)"

# 3. every XML file matches its schema, checked by xmllint
expect 0 "xmllint manifest" -- xmllint --noout --nonet --schema "$src/schema/manifest.xsd" x/lentera.xml
for f in x/quizzes/*.xml; do
  expect 0 "xmllint $f" -- xmllint --noout --nonet --schema "$src/schema/quiz.xsd" "$f"
done
for f in x/lessons/*.xml x/cheatsheets/*.xml; do
  expect 0 "xmllint $f" -- xmllint --noout --nonet --schema "$src/schema/commonmark.xsd" "$f"
done

# 4. b2sum of every file equals the manifest's digest and size matches
n=0
while read -r path size digest; do
  n=$((n + 1))
  got=$(b2sum -l 256 "x/$path" | cut -d' ' -f1)
  [ "$got" = "$digest" ] && ok || bad "b2sum $path: $got != $digest"
  [ "$(stat -c %s "x/$path")" = "$size" ] && ok || bad "size $path"
done < <(xmllint --xpath '//*[local-name()="file"]' x/lentera.xml |
  sed -E 's/.*path="([^"]*)" size="([^"]*)" blake2b="([^"]*)".*/\1 \2 \3/')
[ "$n" = 6 ] && ok || bad "manifest lists $n files, expected 6"

# 5. a key and a signature made by minisign itself
minisign -G -W -p ms.pub -s ms.key >/dev/null 2>&1
expect 0 "build with a minisign key" -- "$pack" build "$src/tests/fixtures/course/mini" -s ms.key -o ms.lentera
mkdir y && (cd y && bsdtar -xf ../ms.lentera && rm lentera.xml.minisig &&
  minisign -S -s ../ms.key -m lentera.xml -t "lentera id=mini version=0.1.0 created=1700000000" >/dev/null)
repack() { # repack OUT DIR ENTRIES... : a zip written by bsdtar, entries in the order given
  local out=$1 dir=$2; shift 2
  (cd "$dir" && bsdtar --format zip -cf "$tmp/$out" "$@")
}
entries=$(bsdtar -tf mini.lentera | tr '\n' ' ')
repack ms-signed.lentera y $entries
expect 0 "verify minisign -S signature" -- "$pack" verify ms-signed.lentera -p ms.pub
expect 0 "verify ours" -- "$pack" verify mini.lentera -p our.pub

# 6. refusals: another key, each entry changed, one missing, one extra, order swapped
expect 1 "wrong key" -- "$pack" verify mini.lentera -p ms.pub
grep -q "not a trusted key" err.txt && ok || bad "wrong key message"
for e in $entries; do
  rm -rf t && cp -r x t
  printf 'x' >>"t/$e"
  repack tampered.lentera t $entries
  expect 1 "tampered $e" -- "$pack" verify tampered.lentera -p our.pub
  grep -q "$e" err.txt && ok || bad "tampered $e: message does not name it: $(cat err.txt)"
done
repack missing.lentera x $(echo $entries | sed 's| media/form.pdf||')
expect 1 "missing entry" -- "$pack" verify missing.lentera -p our.pub
grep -q "entry 'media/form.pdf' is listed in the manifest but missing" err.txt && ok || bad "missing message"
echo "MZ" >x/media/evil.exe
repack extra.lentera x $entries media/evil.exe
expect 1 "extra entry" -- "$pack" verify extra.lentera -p our.pub
grep -q "entry 'media/evil.exe' is not listed" err.txt && ok || bad "extra message"
repack swapped.lentera x lentera.xml.minisig lentera.xml $(echo $entries | cut -d' ' -f3-)
expect 1 "signature first" -- "$pack" verify swapped.lentera -p our.pub

# 7. inspect --json says what is in the pack
expect 0 "inspect --json" -- "$pack" inspect mini.lentera --json
python3 - out.txt <<'PY' && ok || bad "inspect --json content"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["id"] == "mini" and j["version"] == "0.1.0", j
assert [i["kind"] for i in j["items"]] == ["lesson", "quiz", "cheatsheet"], j["items"]
assert j["items"][1]["questions"] == 3 and j["minutes"] == 5
assert len(j["files"]) == 6 and j["files"][0]["path"] == "lessons/lesson.xml"
PY

# 8. an encrypted key from our keygen signs with minisign too (scrypt: a few seconds)
LENTERA_PASSWORD=rahasia "$pack" keygen -p enc.pub -s enc.key >/dev/null
echo hello >msg
printf 'rahasia\n' | minisign -S -s enc.key -m msg >/dev/null 2>&1
expect 0 "minisign uses our encrypted key" -- minisign -V -p enc.pub -m msg

finish interop
