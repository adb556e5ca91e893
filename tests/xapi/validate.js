// Validates every statement in the .jsonl files under a folder with Learning Locker's
// @learninglocker/xapi-validation (the rules its LRS applies), offline.
// Usage: node validate.js DIR   — prints "xapi-validation: N passed, M failed".
'use strict';
const fs = require('fs');
const path = require('path');
const validate = require('@learninglocker/xapi-validation').default;

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.jsonl') ? [path.join(dir, e.name)] : []);
}

let passed = 0, failed = 0;
for (const file of files(process.argv[2])) {
  fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).forEach((line, i) => {
    const warnings = validate(JSON.parse(line));
    if (warnings.length === 0) passed++;
    else {
      failed++;
      console.log(`${file}:${i + 1}: ${JSON.stringify(warnings).slice(0, 400)}`);
    }
  });
}
// the validator must be able to fail: a statement without an actor is refused
if (validate({ verb: { id: 'http://adlnet.gov/expapi/verbs/answered' }, object: { id: 'urn:x' } }).length === 0) {
  console.log('validator accepted a broken statement'); failed++;
}
if (passed === 0) { console.log('no statement found'); failed++; }
console.log(`xapi-validation: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
