#!/usr/bin/env bash
# Follow-up tests (issue 14, item 2): a course with `followup: [30, 90]` asks its post-test
# again 30 and 90 days after the learner passed it. Through the screens, with the clock moved
# by faketime: nothing on the home page the day after passing; "Tes ulang 1 bulan: …" after 31
# days, which runs the post-test's questions as its own attempt (no try counter, no new
# certificate, the answers of what was missed shown) and goes away once done; "Tes ulang 3
# bulan" after 91 days; a learner who comes back only after 100 days is offered the 3-month
# one alone. The log keeps follow-ups apart (attempt.followup; max_attempts and the
# certificate count ordinary attempts only); statements carry role "followup" and the days.
# A `followup` that is not ascending days, or a course without a post-test, is a file:line:col
# error at check.
# Usage: followup.sh LENTERA_PACK LENTERA_PLAYER SOURCE_DIR
set -u
pack=$(realpath "$1") player=$(realpath "$2") src=$(realpath "$3")
. "$(dirname "$0")/../lib.sh" || exit 2
export SDL_VIDEODRIVER=dummy
command -v faketime >/dev/null || { echo "FAIL: faketime missing (scripts/install-deps.sh)"; exit 1; }
# faketime preloads itself: an ASan build must be told that is fine
later() { # later DAYS COMMAND...: the clock DAYS days on
  local days=$1; shift
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
    DONT_FAKE_MONOTONIC=1 faketime -f "+${days}d" "$@"
}

"$pack" keygen -W -p k.pub -s k.key >/dev/null
cp -r "$src/tests/fixtures/course/perjalanan" c
sed -i 's/^items: /followup: [30, 90]\n&/' c/course.md
"$pack" build c -s k.key -o f.lentera >build.txt 2>&1
is $? 0 "a course with followup builds ($(cat build.txt))"
is "$(bsdtar -xOf f.lentera lentera.xml | xmllint --xpath 'string(//*[local-name()="followup"]/@days)' -)" \
  "30 90" "the pack's manifest holds the follow-up days"
"$pack" inspect f.lentera --json >inspect.json
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["followup"])' inspect.json)" \
  "[30, 90]" "inspect --json shows the follow-up days"

P() { "$player" --data-dir data "$@"; }
P --trust k.pub >/dev/null && P --import f.lentera >/dev/null
is $? 0 "import"

signup() { # signup NAME NIP: the first screens, as a new learner
  printf 'click "Tambah peserta baru"\nclick "Nama lengkap"\ntype "%s"\nclick "NIP (18 angka)"\ntype "%s"\nclick "Unit kerja"\ntype "Bidang Pelayanan"\nclick "Simpan"\nexpect "Halo, %s"\n' "$1" "$2" "$1"
}
pass_posttest() { # all three right
  printf 'click "Perjalanan Uji"\nclick "Tes Akhir Uji"\nexpect "Soal 1 dari 3"\nclick "Mangga"\nclick "Kirim jawaban"\nclick "Kucing"\nclick "Ayam"\nclick "Kirim jawaban"\nclick "Jawaban Anda"\ntype "otp"\nkey Return\nexpect "Selamat, Anda lulus!"\n'
}
back_in() { # back_in NAME: a learner already on this PC signs in
  printf 'click "%s"\nexpect "Halo, %s"\n' "$1" "$1"
}
nip=198705122010012001
{ signup "Sari Dewi" $nip; pass_posttest; echo quit; } >pass.txt
P --headless --script pass.txt >out.txt 2>&1
is $? 0 "Sari passes the post-test ($(head -5 out.txt))"
cert=data/sertifikat/perjalanan-$nip.pdf
cp "$cert" cert-before.pdf

{ back_in "Sari Dewi"; echo 'expect-not "Tes ulang"'; echo quit; } >day1.txt
later 1 "$player" --data-dir data --headless --script day1.txt >out.txt 2>&1
is $? 0 "the day after: no follow-up on the home page ($(head -5 out.txt))"

# 31 days on: the 1-month follow-up, one answer wrong
cat >day31.txt <<S
$(back_in "Sari Dewi")
expect "Tes ulang 1 bulan: Perjalanan Uji"
expect "Jawab lagi soalnya untuk melihat apa yang masih Anda ingat"
screenshot followup-home.png
expect-not "Tes ulang 3 bulan"
click "Tes ulang 1 bulan: Perjalanan Uji"
expect "Tes ulang 1 bulan · Tes Akhir Uji · Soal 1 dari 3"
expect-not "percobaan"
click "Batu"
click "Kirim jawaban"
click "Kucing"
click "Ayam"
click "Kirim jawaban"
click "Jawaban Anda"
type "otp"
key Return
expect "Tes ulang 1 bulan · Tes Akhir Uji"
expect "Nilai Anda: 67 dari 100"
expect "Nilai tes akhir Anda dulu: 100 dari 100"
expect "kelulusan dan sertifikat Anda tetap berlaku"
expect "Mangga"
expect-not "Coba lagi"
expect-not "Sertifikat disimpan"
screenshot followup-result.png
click "Kembali ke beranda"
expect "Halo, Sari Dewi"
expect-not "Tes ulang 1 bulan"
quit
S
later 31 "$player" --data-dir data --headless --script day31.txt >out.txt 2>&1
is $? 0 "31 days on: the 1-month follow-up through the screens ($(head -5 out.txt))"
q() { sqlite3 data/log.sqlite "$1"; }
is "$(q 'SELECT followup, number, round(score * 100), passed FROM attempt WHERE quiz_id = "tes-akhir" ORDER BY id')" \
  "0|1|100.0|1
30|1|67.0|1" "the log: the pass, then the follow-up as its own attempt"
cmp -s "$cert" cert-before.pdf && ok || bad "the follow-up changed the certificate"
roles=$(q "SELECT DISTINCT json_extract(json, '\$.context.extensions.\"https://lentera.invalid/xapi/role\"') || ' ' ||
  coalesce(json_extract(json, '\$.context.extensions.\"https://lentera.invalid/xapi/followup-days\"'), '-')
  FROM outbox WHERE json_extract(json, '\$.object.id') LIKE '%tes-akhir' ORDER BY 1")
is "$roles" "followup 30
posttest -" "statements: the follow-up's carry role followup and its days"
is "$(q "SELECT count(*) FROM outbox WHERE json LIKE '%followup-days%' AND json LIKE '%verbs/answered%'")" 3 \
  "each follow-up answer is a statement"

{ back_in "Sari Dewi"; echo 'expect-not "Tes ulang"'; echo quit; } >day60.txt
later 60 "$player" --data-dir data --headless --script day60.txt >out.txt 2>&1
is $? 0 "60 days on: nothing due ($(head -5 out.txt))"
{ back_in "Sari Dewi"; echo 'expect "Tes ulang 3 bulan: Perjalanan Uji"'; echo 'expect-not "Tes ulang 1 bulan"'; echo quit; } >day91.txt
later 91 "$player" --data-dir data --headless --script day91.txt >out.txt 2>&1
is $? 0 "91 days on: the 3-month follow-up is offered ($(head -5 out.txt))"

# a learner who comes back only after 100 days is offered the latest one alone; the keyboard
# reaches it (Tab to the button, Enter)
{ signup "Budi Santoso" 199001012015011001; pass_posttest; echo quit; } >budi.txt
P --headless --script budi.txt >out.txt 2>&1
is $? 0 "Budi passes the post-test ($(head -5 out.txt))"
cat >budi100.txt <<S
$(back_in "Budi Santoso")
expect "Tes ulang 3 bulan: Perjalanan Uji"
expect-not "Tes ulang 1 bulan"
tab-to "Tes ulang 3 bulan: Perjalanan Uji"
key Return
expect "Tes ulang 3 bulan · Tes Akhir Uji · Soal 1 dari 3"
click "Batu"
click "Kirim jawaban"
quit
S
later 100 "$player" --data-dir data --headless --script budi100.txt >out.txt 2>&1
is $? 0 "100 days on: only the 3-month follow-up, by keyboard ($(head -5 out.txt))"
is "$(q "SELECT a.followup, a.finished IS NULL FROM attempt a JOIN learner l ON l.id = a.learner_id WHERE l.employee_id = '199001012015011001' ORDER BY a.id")" \
  "0|0
90|1" "Budi's follow-up is begun, unfinished (it resumes)"
# the post-test itself is still the post-test: opened from the course it shows the pass
printf '%s\nclick "Perjalanan Uji"\nclick "Tes Akhir Uji"\nexpect "Selamat, Anda lulus!"\nexpect-not "Tes ulang 3 bulan ·"\nquit\n' \
  "$(back_in "Budi Santoso")" >budi-post.txt
# back home the unfinished one says so, and resumes at its second question
printf '%s\nexpect "Lanjutkan Tes ulang 3 bulan: Perjalanan Uji"\nclick "Lanjutkan Tes ulang 3 bulan"\nexpect "Soal 2 dari 3"\nquit\n' \
  "$(back_in "Budi Santoso")" >budi-resume.txt
later 100 "$player" --data-dir data --headless --script budi-resume.txt >out.txt 2>&1
is $? 0 "an unfinished follow-up: 'Lanjutkan' on the home page, resumed ($(head -5 out.txt))"
later 100 "$player" --data-dir data --headless --script budi-post.txt >out.txt 2>&1
is $? 0 "the post-test opened from the course shows the pass, not the follow-up ($(head -5 out.txt))"

# the records come back: the report's "Tes ulang" section sets the follow-up beside the same
# learner's best post-test (Budi's unfinished one is not there)
P --export-sync usb >/dev/null 2>&1
"$pack" collect usb --db coll.sqlite >/dev/null 2>&1
is $? 0 "collect"
"$pack" report --db coll.sqlite -o laporan >/dev/null 2>&1
is $? 0 "report"
is "$(tr -d '\r' <laporan/tes-ulang.csv | sed 's/^\xef\xbb\xbf//')" \
  "Kursus,Unit kerja,Tes ulang (hari),Peserta,Rata-rata tes akhir (%),Rata-rata tes ulang (%),Selisih (poin %)
\"Perjalanan Uji\",\"Bidang Pelayanan\",30,1,100,67,-33" "tes-ulang.csv: post-test 100, 1 month 67"
has laporan/index.html "<h2 id=bagian-[0-9]*>Tes ulang setelah lulus</h2>" "the page has the section"
has laporan/index.html 'aria-label="Tes akhir dan tes ulang"' "and its chart"

# a course with its own follow-up quiz (role: followup): the follow-up asks its questions,
# not the post-test's; it is no part of the outline and opens only when due
rm -rf g && cp -r c g
sed -i 's/^id: .*/id: perjalanan-ulang/; s/^title: .*/title: Perjalanan Ulang/' g/course.md
sed -i 's/^items: \[\(.*\)\]/items: [\1, tes-ulang.md]/' g/course.md
printf -- '---\nkind: quiz\ntitle: Tes Ulang Uji\nrole: followup\npass_percent: 50\n---\n\n## Warna\n<!-- id: warna -->\n\nWarna langit cerah?\n\n- [x] Biru\n- [ ] Merah\n\n## Angka\n<!-- id: angka -->\n\nDua tambah dua?\n\n- [x] Empat\n- [ ] Lima\n' >g/tes-ulang.md
"$pack" build g -s k.key -o g.lentera >build.txt 2>&1
is $? 0 "a course with a role: followup quiz builds ($(cat build.txt))"
is "$(bsdtar -xOf g.lentera lentera.xml | xmllint --xpath 'string(//*[local-name()="item"][@id="tes-ulang"]/@role)' -)" \
  followup "the manifest names its role"
P --import g.lentera >/dev/null
{ back_in "Sari Dewi"; printf 'click "Perjalanan Ulang"\nexpect "0 dari 4 bagian selesai"\nexpect-not "Tes Ulang Uji"\nclick "Tes Akhir Uji"\nexpect "Soal 1 dari 3"\nclick "Mangga"\nclick "Kirim jawaban"\nclick "Kucing"\nclick "Ayam"\nclick "Kirim jawaban"\nclick "Jawaban Anda"\ntype "otp"\nkey Return\nexpect "Selamat, Anda lulus!"\nquit\n'; } >g0.txt
P --headless --script g0.txt >out.txt 2>&1
is $? 0 "the follow-up quiz is not among the outline's parts; the post-test is passed ($(tail -3 out.txt))"
printf 'learner %s "Sari Dewi"\nopen perjalanan-ulang tes-ulang\nexpect "Tes ulang ini muncul di beranda saat waktunya tiba"\nquit\n' $nip >g1.txt
P --headless --script g1.txt >out.txt 2>&1
is $? 0 "opened before it is due, it says when it comes ($(tail -3 out.txt))"
cat >g31.txt <<S
$(back_in "Sari Dewi")
expect "Tes ulang 1 bulan: Perjalanan Ulang"
click "Tes ulang 1 bulan: Perjalanan Ulang"
expect "Tes ulang 1 bulan · Tes Ulang Uji · Soal 1 dari 2"
click "Biru"
click "Kirim jawaban"
click "Lima"
click "Kirim jawaban"
expect "Nilai Anda: 50 dari 100"
expect "Nilai tes akhir Anda dulu: 100 dari 100"
expect "Bagus: Anda masih ingat"
click "Kembali ke beranda"
expect-not "Tes ulang 1 bulan: Perjalanan Ulang"
quit
S
later 31 "$player" --data-dir data --headless --script g31.txt >out.txt 2>&1
is $? 0 "31 days on: the follow-up asks the role: followup quiz ($(tail -3 out.txt))"
is "$(q "SELECT quiz_id, followup, round(score * 100), passed FROM attempt WHERE pack_id = 'perjalanan-ulang' ORDER BY id")" \
  "tes-akhir|0|100.0|1
tes-ulang|30|50.0|1" "the log: the pass, then the follow-up at the follow-up quiz"
is "$(q "SELECT json_extract(json, '\$.verb.display.\"en-US\"') || ' ' || json_extract(json, '\$.context.extensions.\"https://lentera.invalid/xapi/role\"') FROM outbox WHERE json LIKE '%perjalanan-ulang:tes-ulang\"%' AND json NOT LIKE '%verbs/answered%' ORDER BY created")" \
  "attempted followup
passed followup" "its statements: role followup, passed against its own pass mark"

# mistakes in course.md
check_says() { # check_says FOLLOWUP_LINE MESSAGE
  rm -rf e && cp -r c e && sed -i "s/^followup: .*/$1/" e/course.md
  "$pack" check e >/dev/null 2>err.txt
  is "$(head -1 err.txt)" "$2" "check: $1"
}
check_says "followup: [90, 30]" \
  "e/course.md:8:16: error: followup '30' must be later than the one before it (days after passing the post-test, e.g. followup: [30, 90])"
check_says "followup: [satu]" \
  "e/course.md:8:12: error: followup 'satu' is not a number of days from 1 to 1095 (days after passing the post-test, e.g. followup: [30, 90])"
check_says "followup: [7, 30, 90, 180, 365]" \
  "e/course.md:8:28: error: followup '365' is one too many: a course may follow up at most 4 times (days after passing the post-test, e.g. followup: [30, 90])"
rm -rf e && cp -r c e && sed -i 's/role: posttest/role: practice/' e/tes-akhir.md
"$pack" check e >/dev/null 2>err.txt
is "$(head -1 err.txt)" \
  "e/course.md:8:11: error: followup needs a quiz with role: posttest in items (its questions are asked again)" \
  "check: followup without a post-test"
rm -rf e && cp -r g e && sed -i 's/^followup: .*//' e/course.md
"$pack" check e >/dev/null 2>err.txt
is "$(head -1 err.txt)" \
  "e/course.md:9:8: error: tes-ulang.md has role: followup, but course.md has no followup: add the days after passing at which it is asked, e.g. followup: [30, 90]" \
  "check: a follow-up quiz without followup days"
rm -rf e && cp -r g e && cp e/tes-ulang.md e/tes-ulang-2.md && sed -i 's/tes-ulang.md\]/tes-ulang.md, tes-ulang-2.md]/' e/course.md
"$pack" check e >/dev/null 2>err.txt
is "$(head -1 err.txt)" \
  "e/course.md:9:8: error: items list two quizzes with role: followup (tes-ulang.md and tes-ulang-2.md): keep one, it is asked at every follow-up" \
  "check: two follow-up quizzes"
finish followup
