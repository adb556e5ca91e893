#!/usr/bin/env python3
"""Makes N statements for the benchmarks from real ones (a player session's export): each
copy gets a fresh id and one of 2,000 learners in one of 20 units, so the report has real
grouping work. Usage: make_statements.py TEMPLATES.jsonl N OUT_DIR [PER_FILE]
Writes OUT_DIR/lentera-sync/<device>/<n>.jsonl, PER_FILE statements a file (default 10000)."""
import json, os, sys, uuid

templates = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
n, out = int(sys.argv[2]), sys.argv[3]
per_file = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
unit_key = "https://lentera.invalid/xapi/unit"
f, made = None, 0
for i in range(n):
    if i % per_file == 0:
        if f:
            f.close()
        d = os.path.join(out, "lentera-sync", "device-%03d" % (i // 100000))
        os.makedirs(d, exist_ok=True)
        f = open(os.path.join(d, "%08d.jsonl" % i), "w")
    st = templates[i % len(templates)]
    st["id"] = str(uuid.uuid4())
    learner = (i // len(templates)) % 2000
    st["actor"]["account"]["name"] = "19900101%010d" % learner
    st["actor"]["name"] = "Peserta %d" % learner
    st.setdefault("context", {}).setdefault("extensions", {})[unit_key] = "Unit %d" % (learner % 20)
    f.write(json.dumps(st, separators=(",", ":"), ensure_ascii=False) + "\n")
f.close()
