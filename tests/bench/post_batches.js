// The yardstick for tests/bench/sync.sh: posts the statements of a .jsonl file to an LRS
// in batches of 100, one after another on a kept-alive connection, exactly as they are
// (the same bytes Lentera sends), with Basic auth and the xAPI version header.
// Usage: node post_batches.js FILE.jsonl ENDPOINT USERNAME PASSWORD
'use strict';
const fs = require('fs');
const http = require('http');
const [file, endpoint, user, pass] = process.argv.slice(2);
const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
const url = new URL('statements', endpoint);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const auth = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3',
        Authorization: auth, 'Content-Length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

(async () => {
  for (let i = 0; i < lines.length; i += 100) await post('[' + lines.slice(i, i + 100).join(',') + ']');
  agent.destroy();
})().catch((e) => { console.error(e.message); process.exit(1); });
