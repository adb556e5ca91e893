#!/usr/bin/env bash
# Text fields as in any desktop program (issue 12): the caret starts in the first field;
# Home/End/Left/Right move it, with Shift they select; Backspace and Delete; Ctrl+A, Ctrl+C
# and Ctrl+V through the clipboard; typing replaces a selection; Enter saves the form. The
# NIP must be 18 digits (spaces as on the card are dropped) and the message says so; the PIN
# screen says whose PIN it asks for.
# Usage: fields.sh LENTERA_PLAYER
set -u
player=$(realpath "$1")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
P() { "$player" --data-dir data "$@"; }
q() { sqlite3 data/log.sqlite "$1"; }
cat >form.txt <<'S'
expect "nama Anda untuk mulai"
click "Tambah peserta baru"
expect "Peserta baru"
type "Dewi"
key Home
type "Sari "
key Ctrl+a
key Ctrl+c
key Tab
type "1987 0512 2010 0120"
key Tab
key Ctrl+v
key Ctrl+a
type "Bidang Pelayanan Perizinan Terpadu Satu Pintu dan Penanaman Modal Daerah"
key Shift+Left
key Shift+Left
key Shift+Left
key Shift+Left
key Shift+Left
key Shift+Left
type "Kota"
key Left
key Left
key Left
key Left
key BackSpace
key Delete
type "K"
key Return
expect "NIP terdiri dari 18 angka; yang diketik 16 angka"
click "NIP (18 angka)"
key End
type "01"
key Return
expect "Halo, Sari Dewi"
quit
S
P --headless --script form.txt >out.txt 2>&1
is "$?" 0 "the form, edited by keys: $(head -3 out.txt)"
is "$(q "SELECT name || '|' || employee_id || '|' || unit FROM learner")" \
  "Sari Dewi|198705122010012001|Bidang Pelayanan Perizinan Terpadu Satu Pintu dan Penanaman ModalKota" \
  "what was typed, moved, selected, replaced, deleted and pasted"
# the PIN screen names whose PIN it wants
cat >pin.txt <<'S'
expect "nama Anda untuk mulai"
click "Tambah peserta baru"
type "Budi Santoso"
key Tab
type "199203042019031004"
key Tab
key Tab
type "4321"
key Return
expect "Halo, Budi Santoso"
click "Ganti peserta"
click "Budi Santoso"
expect "PIN untuk Budi Santoso (199203042019031004). Bukan Anda? Pilih Kembali."
type "4321"
key Return
expect "Halo, Budi Santoso"
quit
S
P --headless --script pin.txt >out.txt 2>&1
is "$?" 0 "the PIN screen names the learner: $(head -3 out.txt)"
finish fields
