#!/usr/bin/env python3
"""Test helpers on statements. Usage:
  statements.py clone LOG.sqlite N        N more outbox statements, copies of the log's own
                                          with fresh ids (the same shape the player makes)
  statements.py fetch URL USER PASS OUT   every statement of the LRS, following `more`, as
                                          JSON lines in OUT
  statements.py reid LOG.sqlite           a fresh id for every outbox statement (in its JSON
                                          too), so an LRS that holds the old ones sees new
  statements.py compare LOG.sqlite FILE [own]
                                          each outbox statement sent is in FILE exactly once,
                                          with the same content (the LRS adds stored and
                                          authority); with `own`, statements in FILE that
                                          the log does not hold are left aside (an LRS shared
                                          by many runs); prints "ok N" or what differs"""
import base64, json, sqlite3, sys, urllib.parse, urllib.request, uuid


def clone(db, n):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT json, created FROM outbox").fetchall()
    with con:
        for i in range(n):
            st = json.loads(rows[i % len(rows)][0])
            st["id"] = str(uuid.uuid4())
            con.execute("INSERT INTO outbox (id, json, created) VALUES (?, ?, ?)",
                        (st["id"], json.dumps(st, separators=(",", ":"), ensure_ascii=False),
                         rows[i % len(rows)][1]))


def fetch(url, user, pw, out):
    auth = "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode()
    nxt = urllib.parse.urljoin(url, "statements?limit=1000")
    with open(out, "w") as f:
        while nxt:
            req = urllib.request.Request(nxt, headers={"Authorization": auth,
                                                       "X-Experience-API-Version": "1.0.3"})
            page = json.load(urllib.request.urlopen(req))
            for st in page["statements"]:
                f.write(json.dumps(st, ensure_ascii=False) + "\n")
            nxt = urllib.parse.urljoin(nxt, page["more"]) if page.get("more") else None


def reid(db):
    con = sqlite3.connect(db)
    with con:
        for old, text in con.execute("SELECT id, json FROM outbox").fetchall():
            st = json.loads(text)
            st["id"] = str(uuid.uuid4())
            con.execute("UPDATE outbox SET id = ?, json = ? WHERE id = ?",
                        (st["id"], json.dumps(st, separators=(",", ":"), ensure_ascii=False), old))


def compare(db, path, own=False):
    got = {}
    mine = {r[0] for r in sqlite3.connect(db).execute("SELECT id FROM outbox")} if own else None
    for line in open(path):
        st = json.loads(line)
        if own and st["id"] not in mine:
            continue
        if st["id"] in got:
            print("twice in the LRS:", st["id"])
            return 1
        st.pop("stored", None), st.pop("authority", None)
        got[st["id"]] = st
    con = sqlite3.connect(db)
    sent = con.execute("SELECT id, json FROM outbox WHERE sent IS NOT NULL").fetchall()
    for sid, text in sent:
        if sid not in got:
            print("missing in the LRS:", sid)
            return 1
        if got[sid] != json.loads(text):
            print("different in the LRS:", sid)
            return 1
    if len(got) != len(sent):
        print(f"the LRS holds {len(got)}, the log sent {len(sent)}")
        return 1
    print("ok", len(sent))
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "clone":
        clone(sys.argv[2], int(sys.argv[3]))
    elif cmd == "fetch":
        fetch(*sys.argv[2:6])
    elif cmd == "reid":
        reid(sys.argv[2])
    else:
        sys.exit(compare(sys.argv[2], sys.argv[3], len(sys.argv) > 4 and sys.argv[4] == "own"))
