#!/usr/bin/env python3
"""demo_office.py — player scripts for a small office, for scripts/demo.sh.

About 30 staff in 4 work units and the 4 training packages sign up on the shared PC and
study the sample courses as people do: a pre-test answered with what they already know,
a lesson or two, a post-test that some fail and pass on a second try and some never pass,
the feedback survey (most of them, some with a comment) and, for some who passed, the
follow-up test a month or three months later. The office's work is spread over the last
four months (each session run with the clock set back by faketime, so nothing is dated
after today: demo.sh builds the packs as of 130 days ago). The right
and wrong answers are read from the packs' own quiz XML, so the scripts click what the
player shows. The same seed always gives the same office.

Usage: demo_office.py PACKS_DIR OUT_DIR   writes OUT_DIR/NN-<step>.txt, OUT_DIR/runs.tsv
(one line per run: script, faketime offset in days, 0 or less) and OUT_DIR/indikator.csv (monthly
service figures for `lentera-pack report --indicators`)."""
import datetime
import os
import random
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET

Q = "{urn:lentera:quiz:1}"
M = "{urn:lentera:pack:1}"
UNITS = ["Bidang Pelayanan", "Bagian Umum", "Bidang TI", "Sekretariat"]
GROUPS = ["Paket A", "Paket B", "Paket C", "Paket D"]
FIRST = ["Siti", "Budi", "Citra", "Dedi", "Eka", "Fajar", "Gita", "Hendra", "Indah", "Joko",
         "Kartika", "Lukman", "Maya", "Nanda", "Oki", "Putri", "Rahmat", "Sinta", "Taufik",
         "Umi", "Vina", "Wahyu", "Yanti", "Zainal", "Agus", "Bayu", "Dewi", "Fitri", "Galih",
         "Hana"]
LAST = ["Dewi", "Santoso", "Lestari", "Kurnia", "Putra", "Ramadhan", "Wulandari", "Saputra",
        "Permata", "Susilo", "Anggraini", "Hakim", "Sari", "Pratama", "Wijaya"]
COMMENTS = ["Contohnya kurang cocok dengan loket kami; tambahkan contoh permohonan izin.",
            "Videonya membantu, tetapi suaranya terlalu cepat.",
            "Tolong tambahkan latihan sebelum tes akhir.",
            "Lembar ringkasnya sudah saya tempel di meja. Terima kasih.",
            "Soal nomor terakhir membingungkan.",
            "Perlu versi untuk staf baru yang belum pernah memakai e-form."]


def read(pack, name):
    return subprocess.run(["bsdtar", "-xOf", pack, name], check=True,
                          capture_output=True).stdout


def quiz(pack, path):
    """[(type, [(text, right)], [answers])] in source order, and the pass mark."""
    root = ET.fromstring(read(pack, path))
    out = []
    for q in root.findall(Q + "question"):
        choices = [(c.text or "", c.get("correct") == "true") for c in q.findall(Q + "choice")]
        answers = [a.text or "" for a in q.findall(Q + "answer")]
        out.append((q.get("type"), choices, answers))
    return out, int(root.get("pass-percent"))


def course(pack):
    m = ET.fromstring(read(pack, "lentera.xml"))
    items = []
    for it in m.find(M + "items"):
        items.append({"kind": it.get("kind"), "id": it.get("id"), "role": it.get("role"),
                      "path": it.get("path"), "title": it.find(M + "title").text})
    c = {"id": m.get("id"), "title": m.find(M + "title").text, "items": items}
    for it in items:
        if it["kind"] == "quiz":
            it["questions"], it["pass"] = quiz(pack, it["path"])
    return c


def answer(lines, questions, skill, rng):
    """Steps answering every question, each right with probability `skill`; returns the
    score in percent, as the player will mark it (all or nothing per question)."""
    got = 0
    for qtype, choices, answers in questions:
        right = rng.random() < skill
        got += right
        if qtype == "short":
            lines += ['click "Jawaban Anda"', 'type ' + shlex.quote(answers[0] if right else "tidak tahu"),
                      "key Return"]
            continue
        good = [t for t, r in choices if r]
        bad = [t for t, r in choices if not r]
        pick = good if right else ([rng.choice(bad)] if bad else good[:1])
        lines += ['click ' + shlex.quote(t) for t in pick]
        lines.append('click "Kirim jawaban"')
    return 100.0 * got / len(questions)


def survey(lines, questions, skill, rng, comment):
    words = ["Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju", "Sangat setuju"]
    for i, (qtype, _, _) in enumerate(questions):
        last = i == len(questions) - 1
        if qtype == "text":
            if comment:
                lines += ['click "Jawaban Anda (boleh dikosongkan)"', 'type ' + shlex.quote(comment)]
        else:
            v = max(0, min(4, int(round(skill * 4 + rng.gauss(0, 0.8)))))
            lines.append('click ' + shlex.quote(words[v]))
        lines.append('click "%s"' % ("Kirim umpan balik" if last else "Berikutnya"))
    lines.append('expect "Terima kasih atas umpan balik Anda."')


def main():
    packs_dir, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(2026)
    packs = sorted(os.path.join(packs_dir, p) for p in os.listdir(packs_dir) if p.endswith(".lentera"))
    courses = [course(p) for p in packs]
    runs = []
    for n in range(30):
        name = "%s %s" % (FIRST[n], LAST[n % len(LAST)])
        nip = "19%02d%02d%02d20%02d%02d1%03d" % (70 + n % 25, 1 + n % 12, 1 + n % 28, 5 + n % 15,
                                                 1 + n % 12, n + 1)
        unit, group = UNITS[n % 4], GROUPS[(n // 4) % 4]
        skill = 0.45 + 0.5 * rng.random()
        mine = rng.sample(courses, 1 + n % 3)
        front = [c for c in courses if c["id"] == "layanan-digital"]
        if unit == "Bidang Pelayanan" and front and front[0] not in mine:  # the front desk's own
            mine = front + mine[:-1]
        first = ['tab-to "Tambah peserta baru"', "key Return", 'click "Nama lengkap"', 'type "%s"' % name,
                 'click "NIP (18 angka)"', 'type "%s"' % nip, 'click "Unit kerja"',
                 'type "%s"' % unit, 'click "%s"' % group, 'click "Simpan"',
                 'expect "Halo, %s"' % name]
        lines = list(first)
        later = {}
        for c in mine:
            items = {it["role"] or it["kind"]: it for it in c["items"]}
            lessons = [it for it in c["items"] if it["kind"] == "lesson"]
            if "pretest" in items:
                lines.append("open %s %s" % (c["id"], items["pretest"]["id"]))
                answer(lines, items["pretest"]["questions"], skill * 0.6, rng)
            for it in lessons[: 1 + rng.randrange(len(lessons))]:
                lines += ["open %s %s" % (c["id"], it["id"]), "wait 1500", "key End", "wait 300",
                          'click "Selesai, lanjut"']
            post = items.get("posttest")
            lines.append("open %s %s" % (c["id"], post["id"]))
            passed = answer(lines, post["questions"], skill, rng) >= post["pass"]
            if not passed and rng.random() < 0.8:  # a second try, after studying again
                lines += ['expect "Anda belum lulus"', 'click "Coba lagi"']
                passed = answer(lines, post["questions"], min(0.98, skill + 0.3), rng) >= post["pass"]
            lines.append('expect "%s"' % ("Selamat, Anda lulus!" if passed else "Anda belum lulus"))
            if "survey" in items and rng.random() < 0.75:
                lines.append("open %s %s" % (c["id"], items["survey"]["id"]))
                comment = rng.choice(COMMENTS) if rng.random() < 0.4 else ""
                survey(lines, items["survey"]["questions"], skill, rng, comment)
            if passed and rng.random() < 0.6:
                later.setdefault(31 if rng.random() < 0.7 else 91, []).append(c)
        lines.append("quit")
        script = os.path.join(out, "%02d-belajar.txt" % n)
        with open(script, "w") as f:
            f.write("\n".join(lines) + "\n")
        start = -120 + 4 * n  # the office starts over four months, a learner every few days
        runs.append((script, start))
        for days, cs in sorted(later.items()):
            if start + days > 0:
                continue  # not due yet: today is the demo's last day
            fl = ['learner %s "%s"' % (nip, name)]
            for c in cs:
                words = "Tes ulang %d bulan: %s" % (days // 30, c["title"])
                post = [it for it in c["items"] if it["role"] == "posttest"][0]
                fl += ['expect "Halo, %s"' % name, 'click ' + shlex.quote(words)]
                answer(fl, post["questions"], skill * (0.9 if days < 60 else 0.8), rng)
                fl += ['until "Nilai Anda"', 'click "Kembali ke beranda"']
            fl.append("quit")
            s = os.path.join(out, "%02d-tes-ulang-%d.txt" % (n, days))
            with open(s, "w") as f:
                f.write("\n".join(fl) + "\n")
            runs.append((s, start + days))
    with open(os.path.join(out, "runs.tsv"), "w") as f:
        for s, d in runs:
            f.write("%s\t%d\n" % (s, d))
    # the office's own service figures over the same four months and this one: what a
    # manager would bring to `report --indicators`
    today = datetime.date.today()
    with open(os.path.join(out, "indikator.csv"), "w") as f:
        f.write("bulan;unit;indikator;nilai;kursus\n")
        for k in range(-4, 1):
            y, m = divmod(today.year * 12 + today.month - 1 + k, 12)
            month = "%04d-%02d" % (y, m + 1)
            f.write("%s;Bidang Pelayanan;Waktu proses izin (hari);%s;layanan-digital\n"
                    % (month, ("%.1f" % (7.5 - 0.8 * k)).replace(".", ",")))
            f.write("%s;Bagian Umum;Permohonan lewat e-form (%%);%d;\n" % (month, 35 + 7 * (k + 4)))


if __name__ == "__main__":
    main()
