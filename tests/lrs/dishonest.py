#!/usr/bin/env python3
"""A dishonest "LRS" for tests/lrs/dishonest.sh: what a captive portal, a proxy, a wrong URL
or a broken server answers. Every request is logged to LOG as one JSON line (method, path,
whether an Authorization header came), so the test can tell what reached it.

Usage: dishonest.py PORT MODE LOG [ARG]
  html        POST: 200 with a hotspot's HTML login page (and an escape character)
  one-id      POST: 200 with a JSON array holding only the first id sent
  wrong-ids   POST: 200 with as many ids as sent, but other ones
  reversed    POST: 200 with the ids sent in reverse order (the same when one is sent)
  refuse-all  POST: 400 to everything, with the same words
  refuse-one  POST: 400 to a batch holding the id ARG (naming it), else the real
              acknowledgement
  redirect    POST/GET: 302 to ARG
  more-foreign GET: one page of statements whose `more` is ARG (another origin)
  more-repeat GET: page 1's `more` is page 2, whose `more` is the first URL again
  sink        any request: 200 with an empty statement list (the "other origin")"""
import http.server, json, sys, uuid

port, mode, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
arg = sys.argv[4] if len(sys.argv) > 4 else ""
STATEMENT = {
    "id": "3f6b2a52-1d1c-4c52-9a55-000000000001",
    "actor": {"objectType": "Agent", "account": {"homePage": "https://x.invalid", "name": "1"}},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced", "display": {"en-US": "experienced"}},
    "object": {"objectType": "Activity", "id": "https://x.invalid/a"},
    "timestamp": "2026-01-01T00:00:00.000Z",
    "stored": "2026-01-01T00:00:00.000Z",
}


class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def note(self):
        with open(log, "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path,
                                "auth": "Authorization" in self.headers}) + "\n")

    def answer(self, code, body, ctype="application/json", headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.note()
        n = int(self.headers.get("Content-Length") or 0)
        sts = json.loads(self.rfile.read(n) or b"[]")
        ids = [s["id"] for s in sts]
        if mode == "html":
            self.answer(200, b"<!DOCTYPE html><html><head><title>Hotspot login</title></head>"
                        b"<body>\x1b[31mPlease sign in to use the Wi-Fi</body></html>", "text/html")
        elif mode == "one-id":
            self.answer(200, ids[:1])
        elif mode == "wrong-ids":
            self.answer(200, [str(uuid.uuid4()) for _ in ids])
        elif mode == "reversed":
            self.answer(200, ids[::-1])
        elif mode == "refuse-all":
            self.answer(400, {"message": "Invalid X-Experience-API-Version header"})
        elif mode == "refuse-one":
            if arg in ids:
                self.answer(400, {"message": f"statement {arg}: result.score.scaled out of range"})
            else:
                self.answer(200, ids)
        elif mode == "redirect":
            self.answer(302, b"", "text/html", [("Location", arg)])
        else:
            self.answer(200, [])

    def do_GET(self):
        self.note()
        if mode == "redirect":
            self.answer(302, b"", "text/html", [("Location", arg)])
        elif mode == "more-foreign":
            self.answer(200, {"statements": [STATEMENT], "more": arg})
        elif mode == "more-repeat":
            page2 = "page=2" in self.path
            self.answer(200, {"statements": [STATEMENT],
                              "more": "/xAPI/statements?limit=500" if page2
                              else "/xAPI/statements?page=2"})
        else:
            self.answer(200, {"statements": [], "more": ""})


http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
