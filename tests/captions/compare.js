// Compares Lentera's WebVTT reader with the W3C validator's parser (npm webvtt-parser) on
// every file of a corpus: the same verdict (valid/invalid), and for valid files the same
// cue count, start and end times and plain text per cue. Prints each file's result, lists
// every difference by file name, then "N agree, M disagree"; exits 1 when M > 0.
// Usage: node compare.js VTTDUMP CORPUS_DIR [DELIBERATE_FILE]
//
// Plain text from the validator's tree follows the rule Lentera shows: text as decoded, a
// voice's name then ": ", a ruby's reading in parentheses, timestamps left out.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { WebVTTParser } = require('webvtt-parser');
// every HTML named reference, as the package's README says the spec wants
const entities = require('webvtt-parser/html-entities.json');

const [dump, dir, deliberateFile] = process.argv.slice(2);
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.vtt')).sort();

// Rules where we follow the spec's parser and the validator reports a conformance error.
// Each is dropped from the validator's errors before its verdict, and said when it applied.
const rules = [
  {
    why: "header lines after 'WEBVTT' (YouTube's 'Kind:'/'Language:'): the spec's parser " +
      "skips them (collect a WebVTT block, in header); the validator says 'No blank line " +
      "after the signature.'",
    drop: (e, lines) => e.message === 'No blank line after the signature.' &&
      !(lines[e.line - 1] || '').includes('-->'),
  },
];

// Files whose whole verdict differs on purpose: "name<TAB>reason" a line.
const deliberate = new Map();
if (deliberateFile && fs.existsSync(deliberateFile)) {
  for (const l of fs.readFileSync(deliberateFile, 'utf8').split('\n')) {
    const m = l.match(/^([^#\t][^\t]*)\t(.+)$/);
    if (m) deliberate.set(m[1], m[2]);
  }
}

function plain(nodes) {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text') s += n.value;
    else if (n.type === 'object') {
      if (n.name === 'v' && n.value) s += n.value + ': ';
      if (n.name === 'rt') s += '(' + plain(n.children) + ')';
      else s += plain(n.children);
    }
  }
  return s;
}

let out;
try {
  out = execFileSync(dump, files.map((f) => path.join(dir, f)), { encoding: 'utf8' });
} catch (e) {
  if (e.status !== 1) throw e; // 1: some file is invalid
  out = e.stdout;
}
const ours = new Map();
let cur = null;
for (const line of out.split('\n')) {
  let m;
  if ((m = line.match(/^== (\S+) (valid|invalid)(?: (\d+))?$/))) {
    cur = { valid: m[2] === 'valid', cues: [], diags: [] };
    ours.set(m[1], cur);
  } else if (cur && line.startsWith('! ')) {
    cur.diags.push(line.slice(2));
  } else if (cur && line) {
    const [start, end, text] = line.split('\t');
    cur.cues.push({
      start: Number(start), end: Number(end),
      text: text.replace(/\\(\\|n)/g, (_, c) => (c === 'n' ? '\n' : '\\')),
    });
  }
}

let agree = 0;
const disagree = [];
const applied = [];
for (const f of files) {
  const src = fs.readFileSync(path.join(dir, f), 'utf8');
  const lines = src.split(/\r\n|\r|\n/);
  const res = new WebVTTParser(entities).parse(src);
  let errors = res.errors;
  for (const r of rules) {
    const kept = errors.filter((e) => !r.drop(e, lines));
    if (kept.length !== errors.length) applied.push(`${f}: ${r.why}`);
    errors = kept;
  }
  const theirs = { valid: errors.length === 0, cues: res.cues };
  const me = ours.get(f);
  const diffs = [];
  if (!me) diffs.push('our reader printed nothing');
  else if (me.valid !== theirs.valid) {
    diffs.push(`verdict: ours ${me.valid ? 'valid' : 'invalid'}, webvtt-parser ` +
      `${theirs.valid ? 'valid' : 'invalid'}` +
      (errors.length ? ` (${errors[0].line}:${errors[0].col ?? 1}: ${errors[0].message})` : '') +
      (me.diags.length ? ` (${me.diags[0]})` : ''));
  } else if (me.valid) {
    const mine = me.cues.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    if (mine.length !== theirs.cues.length)
      diffs.push(`cue count: ours ${mine.length}, webvtt-parser ${theirs.cues.length}`);
    for (let i = 0; i < Math.min(mine.length, theirs.cues.length); i++) {
      const a = mine[i], b = theirs.cues[i];
      if (Math.abs(a.start - b.startTime) > 0.0005 || Math.abs(a.end - b.endTime) > 0.0005)
        diffs.push(`cue ${i + 1} times: ours ${a.start}-${a.end}, webvtt-parser ` +
          `${b.startTime}-${b.endTime}`);
      const t = plain(b.tree.children);
      if (a.text !== t)
        diffs.push(`cue ${i + 1} text: ours ${JSON.stringify(a.text)}, webvtt-parser ` +
          `${JSON.stringify(t)}`);
    }
  }
  if (diffs.length && deliberate.has(f)) {
    console.log(`deliberate: ${f}: ${diffs.join('; ')}\n  because ${deliberate.get(f)}`);
    agree++;
  } else if (diffs.length) {
    disagree.push(`${f}: ${diffs.join('; ')}`);
  } else {
    agree++;
    console.log(`agree: ${f} (${me.valid ? `valid, ${me.cues.length} cues` : 'invalid: ' +
      me.diags[0]})`);
  }
}
for (const a of applied) console.log(`deliberate rule: ${a}`);
for (const d of disagree) console.log(`DISAGREE: ${d}`);
console.log(`${agree} agree, ${disagree.length} disagree`);
process.exit(disagree.length ? 1 : 0);
