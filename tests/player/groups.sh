#!/usr/bin/env bash
# Training groups (issue 14, item 5, first half): a new learner may say which of the guide's
# packages they are in (Paket A … D, or all staff) on the sign-up screen; the log keeps it
# (learner.audience), and the home page then lists the courses meant for them — their
# package's and all staff's — first under "Untuk Anda", the others under "Kursus lain". With
# 30 courses installed, at 800×600, by mouse and by keyboard; a learner who skips it sees one
# list as before; the search finds a course of the other group under its heading.
# Usage: groups.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
"$pack" keygen -W -p k.pub -s k.key >/dev/null
P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null
# 30 courses: 01-05 for paket-a, 06-10 for all staff, 11-30 for paket-b, -c, -d in turn
groups=(paket-b paket-c paket-d)
for i in $(seq -w 1 30); do
  n=$((10#$i))
  if [ $n -le 5 ]; then g=paket-a; elif [ $n -le 10 ]; then g=semua-staf; else g=${groups[$((n % 3))]}; fi
  rm -rf c && cp -r "$src/tests/fixtures/course/perjalanan" c
  sed -i "s/^id: .*/id: kursus-$i/; s/^title: .*/title: Kursus $i ($g)/; s/^audience: .*/audience: [$g]/" c/course.md
  "$pack" build c -s k.key -o k$i.lentera >/dev/null 2>&1 && P --import k$i.lentera >/dev/null 2>&1 ||
    { bad "course $i builds and imports"; break; }
done
is "$(ls data/packs | wc -l)" 30 "30 courses installed"

# Sari picks Paket A with the mouse, at 800x600
cat >sari.txt <<'S'
resize 800 600
click "Tambah peserta baru"
click "Nama lengkap"
type "Sari Dewi"
click "NIP (18 angka)"
type "198705122010012001"
click "Unit kerja"
type "Bidang Pelayanan"
expect "Paket pelatihan Anda (boleh dilewati)"
screenshot signup.png
click "Paket A"
click "Simpan"
expect "Halo, Sari Dewi"
expect "Untuk Anda"
texts
click "Cari kursus"
type "Kursus 24"
expect "Kursus lain"
expect-not "Untuk Anda"
expect "Kursus 24 (paket-b)"
quit
S
P --headless --script sari.txt >out.txt 2>&1
is $? 0 "Sari signs up with Paket A ($(grep -v '^text:' out.txt | head -5))"
is "$(sqlite3 data/log.sqlite "SELECT audience FROM learner WHERE employee_id = '198705122010012001'")" \
  paket-a "the log keeps her package"
# on the first screen: the heading, then only her package's and all staff's courses
grep '^text: ' out.txt | sed 's/^text: //' >shown.txt
first=$(grep -n '^Untuk Anda$' shown.txt | cut -d: -f1)
[ -n "$first" ] && ok || bad "no 'Untuk Anda' heading on the first screen: $(cat shown.txt)"
courses=$(sed -n "$((first + 1)),\$p" shown.txt | grep '^Kursus [0-9]' | sed 's/ (.*//')
[ -n "$courses" ] && ok || bad "no course under 'Untuk Anda'"
is "$(echo "$courses" | grep -cv 'Kursus 0[1-9]\|Kursus 10')" 0 "under 'Untuk Anda' only courses 01-10 ($courses)"
hasnt shown.txt "Kursus lain" "the others come after hers, below the first screen"

# Budi picks Paket B by keyboard alone
cat >budi.txt <<'S'
tab-to "Tambah peserta baru"
key Return
type "Budi Santoso"
key Tab
type "199001012015011001"
key Tab
type "Bidang Arsip"
tab-to "Paket B"
key Return
expect "● Paket B"
tab-to "Simpan"
key Return
expect "Halo, Budi Santoso"
expect "Untuk Anda"
quit
S
P --headless --script budi.txt >out.txt 2>&1
is $? 0 "Budi signs up with Paket B by keyboard ($(head -5 out.txt))"
is "$(sqlite3 data/log.sqlite "SELECT audience FROM learner WHERE employee_id = '199001012015011001'")" \
  paket-b "the log keeps his package"

# Wati skips it: one list, no headings
cat >wati.txt <<'S'
click "Tambah peserta baru"
click "Nama lengkap"
type "Wati"
click "NIP (18 angka)"
type "199202022016022002"
click "Simpan"
expect "Halo, Wati"
expect "Kursus 01 (paket-a)"
expect-not "Untuk Anda"
expect-not "Kursus lain"
quit
S
P --headless --script wati.txt >out.txt 2>&1
is $? 0 "Wati skips the package: one list ($(head -5 out.txt))"
is "$(sqlite3 data/log.sqlite "SELECT audience FROM learner WHERE employee_id = '199202022016022002'")" \
  "" "no package said"
finish groups
