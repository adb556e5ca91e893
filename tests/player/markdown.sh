#!/usr/bin/env bash
# Markdown as trainers write it, in the player (issue 13): the md-syntax CLI case's course
# (pictures inline, side by side, in a table cell and inside a link; a link to the next
# lesson and one back) is built, imported and driven headless: clicking a link to another
# item opens that item, and the lesson's screenshot shows the inline pictures' colour; as a
# cheat sheet, its PDF holds every picture.
# Usage: markdown.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy

cp -r "$src/tests/cli/cases/md-syntax/course" c
"$pack" keygen -W -p k.pub -s k.key >/dev/null
SOURCE_DATE_EPOCH=1700000000 "$pack" build c -s k.key -o c.lentera >/dev/null 2>&1
is $? 0 "build"
P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import c.lentera >/dev/null 2>&1
is $? 0 "import"

{
  cat "$src/tests/player/newcomer.txt"
  echo 'open md-case 01-gambar'
  echo 'expect "Judul"'
  echo "screenshot $tmp/lesson.png"
  echo 'click "Lanjut"'
  echo 'expect "Kembali ke"'
  echo 'click "pelajaran pertama"'
  echo 'expect "Rumus air H~2~O"'
  echo 'quit'
} >script.txt
P --headless --script script.txt >out.txt 2>&1
is $? 0 "script: a link opens the item it names, and the link back"
[ -s out.txt ] && cat out.txt

# the pictures (blue 40,90,160 in the fixture) are drawn, not their [alt] text
python3 - "$tmp/lesson.png" >px.txt <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
w, h, depth, ctype = struct.unpack('>IIBB', data[16:26])
idat, p = b'', 8
while p < len(data):
    n, = struct.unpack('>I', data[p:p + 4]); t = data[p + 4:p + 8]
    if t == b'IDAT': idat += data[p + 8:p + 8 + n]
    p += 12 + n
raw = zlib.decompress(idat); bpp = {2: 3, 6: 4}[ctype]; stride = w * bpp
rows, prev, blue = [], bytearray(stride), 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    blue += sum(1 for x in range(w) if abs(line[x*bpp] - 40) < 8 and abs(line[x*bpp+1] - 90) < 8 and abs(line[x*bpp+2] - 160) < 8)
    prev = line
print(blue)
PY
blue=$(cat px.txt)
[ "${blue:-0}" -gt 5000 ] && ok || bad "inline pictures drawn: $blue blue pixels"
# the same page as a cheat sheet: its PDF draws all six pictures (pack names mapped back to
# the course's files, "media/Gambar Kantor.png" among them)
cp -r c sheet
sed -i 's/^kind: lesson/kind: cheatsheet/; /^minutes/d; /^objectives/d' sheet/01-gambar.md
"$pack" build sheet -s k.key -o sheet.lentera >/dev/null 2>&1
is $? 0 "cheat sheet build"
mkdir x && (cd x && bsdtar -xf ../sheet.lentera)
is "$(pdfimages -list x/cheatsheets/01-gambar.pdf | tail -n +3 | wc -l)" 6 "pictures in the PDF"
finish player.markdown
