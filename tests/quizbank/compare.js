// Compares two readings of one GIFT bank, question by question: npm gift-pegjs's and
// Lentera's (quizbank_dump's JSON). For each question: type, title, stem and its format,
// the answers (text, format, weight, which are right, feedback), true/false value and
// feedback, general feedback, category. White space runs count as one space (gift-pegjs
// joins a multi-line text with spaces, Moodle keeps the line breaks). A difference that
// follows a documented Moodle rule (content/README.md, "Where Lentera and gift-pegjs
// differ") is listed with that rule; any other difference fails.
// Usage: node compare.js BANK.gift OURS.json
"use strict";
const fs = require("fs");
const gift = require("gift-pegjs");

const [bankPath, oursPath] = process.argv.slice(2);
const theirs = gift.parse(fs.readFileSync(bankPath, "utf8").replace(/^\uFEFF/, ""));
const ours = JSON.parse(fs.readFileSync(oursPath, "utf8"));

// The rules Lentera follows where gift-pegjs reads differently (named in content/README.md).
const RULES = {
  "short-zero":
    "Moodle: a short answer worth 0% (or less) earns nothing, so Lentera leaves it out " +
    "(gift-pegjs lists it as a correct answer with weight 0)",
  "several-full":
    "Moodle: two '=' answers make a single choice where either one gives full marks; a " +
    "Lentera single choice has one right answer, so this becomes a multiple response " +
    "asking for both (the importer warns)",
  "kind":
    "Moodle: an '=' answer makes a single choice (one to pick), none makes a multiple " +
    "response (gift-pegjs does not say which)",
};

const norm = (s) => (s == null ? null : String(s).replace(/\s+/g, " ").trim());
const credit = (c) => (c.weight != null ? c.weight : c.isCorrect ? 100 : 0);

let agree = 0;
let disagree = 0;
const deliberate = [];
const problems = [];

const questions = [];
let category = null;
for (const q of theirs) {
  if (q.type === "Category") {
    category = q.title;
    continue;
  }
  questions.push({ q, category });
}

if (questions.length !== ours.length)
  problems.push(`gift-pegjs reads ${questions.length} questions, Lentera ${ours.length}`);

for (let i = 0; i < Math.min(questions.length, ours.length); i++) {
  const { q: t, category: tcat } = questions[i];
  const o = ours[i];
  const name = `#${i + 1} ${o.title || norm(o.stem).slice(0, 40)} (line ${o.line})`;
  const diffs = [];
  const notes = [];
  const same = (what, a, b) => {
    if (norm(a) !== norm(b)) diffs.push(`${what}: gift-pegjs ${JSON.stringify(a)}, Lentera ${JSON.stringify(b)}`);
  };
  same("type", t.type, o.type);
  same("title", t.title, o.title);
  same("stem", t.stem && t.stem.text, o.stem);
  same("format", t.stem && t.stem.format, o.format);
  if (t.type !== "Description") same("general feedback", t.globalFeedback && t.globalFeedback.text, o.feedback);
  same("category", tcat, o.category);
  if (t.type === "TF") {
    same("true/false value", String(t.isTrue), String(o.isTrue));
    // gift-pegjs names the two feedbacks by position: the first is shown for a wrong answer
    const byText = Object.fromEntries(o.answers.map((a) => [a.text, a.feedback]));
    const wrong = o.isTrue ? byText.Salah : byText.Benar;
    const right = o.isTrue ? byText.Benar : byText.Salah;
    same("first feedback (wrong answer)", t.trueFeedback && t.trueFeedback.text, wrong);
    same("second feedback (right answer)", t.falseFeedback && t.falseFeedback.text, right);
  } else if (t.type === "MC" || t.type === "Short") {
    let choices = t.choices;
    if (t.type === "Short") {
      const zero = choices.filter((c) => credit(c) <= 0);
      if (zero.length) notes.push("short-zero");
      choices = choices.filter((c) => credit(c) > 0);
    }
    same("number of answers", String(choices.length), String(o.answers.length));
    // Moodle: with an '=' answer a multiple choice is single (right: the 100% one; other
    // weights are partial credit), without one every positive weight is right
    const single = t.type === "MC" && t.choices.some((c) => c.isCorrect);
    const right = (c) => (single ? credit(c) >= 100 : credit(c) > 0);
    if (t.type === "MC") {
      const full = t.choices.filter((c) => credit(c) >= 100).length;
      const positive = t.choices.filter((c) => credit(c) > 0).length;
      const kind = single && full > 1 ? "multiple" : single || positive === 1 ? "single" : "multiple";
      if (single && full > 1 && o.kind === "multiple") notes.push("several-full");
      else same("single or multiple (" + RULES.kind + ")", kind, o.kind);
    }
    choices.forEach((c, k) => {
      const a = o.answers[k];
      if (!a) return;
      same(`answer ${k + 1} text`, c.text.text, a.text);
      same(`answer ${k + 1} weight`, String(credit(c)), String(a.weight));
      same(`answer ${k + 1} right`, String(right(c)), String(a.correct));
      same(`answer ${k + 1} feedback`, c.feedback && c.feedback.text, a.feedback);
    });
  }
  if (diffs.length) {
    disagree++;
    problems.push(`${name}:\n    ${diffs.join("\n    ")}`);
  } else {
    agree++;
    for (const n of new Set(notes)) deliberate.push(`${name}: ${RULES[n]}`);
  }
}

if (deliberate.length) {
  console.log("Deliberate differences (the Moodle rule Lentera follows):");
  for (const d of deliberate) console.log(`  ${d}`);
}
if (problems.length) {
  console.log("Undocumented differences:");
  for (const p of problems) console.log(`  ${p}`);
}
console.log(`${agree} agree, ${disagree} disagree`);
process.exit(disagree || problems.length ? 1 : 0);
