#!/usr/bin/env python3
"""Splits cmark-gfm's spec.txt / extensions.txt into one cheat sheet per example.

Usage: split.py OUT SPEC... Writes OUT/e<N>/ (a course of one item, for `check` alone, and
web.md, the example with web addresses for the links the packer refuses) and
prints one line per example: N, the file and line it comes from, its section. Examples are
the blocks between "```````````````````````````````` example" and the closing fence,
Markdown before the lone "." line; "→" stands for a tab, as in the spec. Each item starts
with the paragraph "Contoh N." so the player can be asked for it."""
import os
import re
import sys


def web(body):
    """The example with the destinations the packer refuses (outside the course folder, not
    in media/) turned into web addresses and its pictures into links, so the examples about
    links and pictures can be built and drawn too."""
    body = re.sub(r'(\]\(\s*<?|\]:\s*<?|^\[[^\]]*\]:\s*<?)(?!https?:|mailto:|#)([^\s)>"\']+)',
                  lambda m: m.group(1) + "https://example.invalid/" + m.group(2).lstrip("/"),
                  body, flags=re.M)
    return body.replace("![", "[")

FENCE = "`" * 32
out = sys.argv[1]
n = 0
for spec in sys.argv[2:]:
    lines = open(spec, encoding="utf-8").read().split("\n")
    section, i = "", 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        if line.startswith(FENCE + " example"):
            start, md = i + 1, []
            i += 1
            while lines[i] != ".":
                md.append(lines[i])
                i += 1
            while lines[i] != FENCE:
                i += 1
            n += 1
            body = "\n".join(md).replace("\u2192", "\t")
            d = os.path.join(out, "e%d" % n)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "course.md"), "w", encoding="utf-8") as f:
                f.write("---\nid: spec-%d\ntitle: Contoh %d\nversion: 1.0.0\nlanguage: id\n"
                        "audience: [semua-staf]\npublisher: Uji\nitems: [contoh.md]\n---\n" % (n, n))
            with open(os.path.join(d, "contoh.md"), "w", encoding="utf-8") as f:
                f.write("---\nkind: cheatsheet\ntitle: Contoh %d\n---\nContoh %d.\n\n%s\n" % (n, n, body))
            with open(os.path.join(d, "web.md"), "w", encoding="utf-8") as f:
                f.write("---\nkind: cheatsheet\ntitle: Contoh %d\n---\nContoh %d.\n\n%s\n" % (n, n, web(body)))
            print("%d\t%s:%d\t%s" % (n, os.path.basename(spec), start, section))
        i += 1
