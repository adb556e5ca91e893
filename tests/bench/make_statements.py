#!/usr/bin/env python3
"""Makes N statements for the benchmarks: a province's records, shaped like real ones.

The shapes come from a real player session (TEMPLATES.jsonl, the player's own export): one
statement of each kind (a lesson opened and completed, a quiz attempted, a question answered,
a pre-test completed, a post-test passed or failed, a follow-up, a survey's response). From
them it writes sessions: 2,000 learners in 40 units and the 5 training groups, each taking
some of 30 courses over twelve months, with a skill of their own, so answers are right or
wrong question by question, some fail the post-test and try again, some pass at once, some
give feedback and some come back for a follow-up. Every statement gets a fresh id, its
course's ids and names, the learner's account, unit and group, an attempt's registration
and a timestamp in order. Usage:
  make_statements.py TEMPLATES.jsonl N OUT_DIR [PER_FILE]
Writes OUT_DIR/lentera-sync/<device>/<n>.jsonl, PER_FILE statements a file (default 10000)."""
import copy, datetime, json, os, random, sys, uuid

EXT = "https://lentera.invalid/xapi/"
templates = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
n, out = int(sys.argv[2]), sys.argv[3]
per_file = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
rng = random.Random(17 + n)  # another N, another province


def kind(st):
    ext = st.get("context", {}).get("extensions", {})
    verb = st["verb"]["id"].rsplit("/", 1)[-1]
    otype = st["object"].get("definition", {}).get("type", "").rsplit("/", 1)[-1]
    return verb, ext.get(EXT + "role", ""), otype


shapes = {}
for st in templates:
    shapes.setdefault(kind(st), []).append(st)
pack_of = {}
for st in templates:
    for a in st.get("context", {}).get("contextActivities", {}).get("parent", []):
        if a.get("definition", {}).get("type", "").endswith("/course"):
            pack_of[a["id"]] = a["definition"]["name"]
if not pack_of:
    sys.exit("make_statements: the templates name no course")
tmpl_course, tmpl_title = next(iter(pack_of.items()))
tmpl_title = next(iter(tmpl_title.values()))
tmpl_pack = tmpl_course.replace("/", ":").rsplit(":", 1)[-1]
course_base = tmpl_course[: len(tmpl_course) - len(tmpl_pack)]


def pick(verb, role="", otype=""):
    for (v, r, o), sts in shapes.items():
        if v == verb and (not role or r == role) and (not otype or o == otype):
            return sts
    return []


lesson_open = pick("experienced", otype="lesson")
lesson_done = pick("completed", otype="lesson")
attempted = {r: pick("attempted", r) for r in ("pretest", "posttest")}
answered = {r: list({q["object"]["id"]: q for q in pick("answered", r)}.values())  # one each
            for r in ("pretest", "posttest")}
pre_done = pick("completed", "pretest")
post_end = pick("passed", "posttest") + pick("failed", "posttest")
responded = pick("responded", "survey")
if not (lesson_done and attempted["posttest"] and answered["posttest"] and post_end):
    sys.exit("make_statements: the templates lack a lesson, a post-test or its answers")

COURSES = [("kursus-%02d" % k, "Kursus Pelatihan %02d" % k) for k in range(1, 31)]
GROUPS = ["paket-a", "paket-b", "paket-c", "paket-d", "semua-staf"]
START = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.timezone.utc)
as_text = {}  # (template index, course) -> its JSON with the course's ids and title


def shaped(st, course):
    key = (id(st), course[0])
    if key not in as_text:
        text = json.dumps(st, ensure_ascii=False)
        text = text.replace(tmpl_course, course_base + course[0])  # the course and its items' ids
        as_text[key] = text.replace(tmpl_title, course[1])
    return json.loads(as_text[key])


class Writer:
    def __init__(self):
        self.made, self.f = 0, None

    def put(self, st):
        if self.made % per_file == 0:
            if self.f:
                self.f.close()
            d = os.path.join(out, "lentera-sync", "device-%03d" % (self.made // 100000))
            os.makedirs(d, exist_ok=True)
            self.f = open(os.path.join(d, "%08d.jsonl" % self.made), "w")
        self.f.write(json.dumps(st, separators=(",", ":"), ensure_ascii=False) + "\n")
        self.made += 1
        return self.made < n


w = Writer()
learners = [{"nip": "19900101%010d" % k, "name": "Peserta %d" % k, "unit": "Unit %02d" % (k % 40),
             "group": GROUPS[k % 5], "skill": 0.35 + 0.6 * rng.random()} for k in range(2000)]


def emit(sts, course, who, when, registration=None, result=None, anonymous=False):
    st = shaped(rng.choice(sts), course)
    st["id"] = str(uuid.uuid4())
    ext = st.setdefault("context", {}).setdefault("extensions", {})
    if anonymous:
        st["actor"]["account"]["name"] = "anonim-" + (registration or st["id"])
        st["actor"].pop("name", None)
        ext.pop(EXT + "audience", None)
    else:
        st["actor"]["account"]["name"] = who["nip"]
        st["actor"]["name"] = who["name"]
        ext[EXT + "audience"] = who["group"]
    ext[EXT + "unit"] = who["unit"]
    if registration:
        st["context"]["registration"] = registration
    if result is not None:
        st["result"] = {**st.get("result", {}), **result}
    st["timestamp"] = when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return w.put(st)


def quiz(role, course, who, when, seq):
    """One attempt: attempted, answered x k, its end; returns (go on, score)."""
    reg = str(uuid.uuid4())
    if not emit(attempted[role], course, who, when, reg):
        return False, 0
    right = 0
    qs = answered[role]
    for q in qs:
        ok = rng.random() < who["skill"] + (0.15 if role == "posttest" else -0.1) + 0.05 * seq
        right += ok
        when += datetime.timedelta(seconds=20 + rng.randrange(40))
        if not emit([q], course, who, when, reg, {"success": bool(ok)}):
            return False, 0
    score = right / len(qs)
    when += datetime.timedelta(seconds=5)
    end = pre_done if role == "pretest" else post_end
    verb = "passed" if score >= 0.7 else "failed"
    sts = [s for s in end if role == "pretest" or s["verb"]["id"].endswith(verb)] or end
    res = {"score": {"scaled": round(score, 4), "raw": right, "min": 0, "max": len(qs)}, "completion": True}
    if role == "posttest":
        res["success"] = score >= 0.7
    return emit(sts, course, who, when, reg, res), score


go = True
while go:
    for who in learners:
        course = COURSES[rng.randrange(len(COURSES))]
        when = START + datetime.timedelta(days=rng.randrange(330), hours=rng.randrange(8),
                                          minutes=rng.randrange(60))
        if attempted["pretest"] and answered["pretest"]:
            go, _ = quiz("pretest", course, who, when, 0)
            when += datetime.timedelta(minutes=5)
        for _ in range(rng.randrange(1, 4)):  # a few lessons
            if not go:
                break
            if lesson_open:
                go = emit(lesson_open, course, who, when)
            when += datetime.timedelta(minutes=5 + rng.randrange(10))
            go = go and emit(lesson_done, course, who, when, result={"duration": "PT%dM" % (5 + rng.randrange(10)), "completion": True})
        for seq in range(3):  # the post-test, tried again after a failure
            if not go:
                break
            when += datetime.timedelta(days=rng.randrange(3), minutes=10)
            go, score = quiz("posttest", course, who, when, seq)
            if score >= 0.7:
                break
        if go and responded and rng.random() < 0.6:  # feedback, anonymous
            reg = str(uuid.uuid4())
            for r in responded:
                go = go and emit([r], course, who, when + datetime.timedelta(minutes=2), reg,
                                 {"response": str(1 + rng.randrange(5))} if "score" in r.get("result", {}) else None,
                                 anonymous=True)
        if not go:
            break
if w.f:
    w.f.close()
print("made %d statements" % w.made)
