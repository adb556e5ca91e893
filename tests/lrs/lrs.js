// A real Learning Record Store for the tests: Learning Locker's statement service (npm
// xapi-statements) in memory, listening on 127.0.0.1 only.
// Usage: node lrs.js PORT [USERNAME PASSWORD]
// With a username, requests need that Basic login (401 otherwise): the service's own "test"
// auth repo lets every token in. Signals stand in for a server going away and coming back:
// SIGUSR1 stops listening and cuts open connections, SIGUSR2 listens again; the statements
// stay in memory throughout. LRS_DROP_REPLY=N: the Nth POST is stored but its reply is lost.
// LRS_FAIL=CODE: every request is answered with that status; LRS_DELAY_MS: replies wait.
'use strict';
const path = require('path');
const net = require('net');
const [port, user, pass] = process.argv.slice(2);
if (!port) {
  console.error('usage: node lrs.js PORT [USERNAME PASSWORD]');
  process.exit(2);
}
Object.assign(process.env, {
  MODELS_REPO: 'memory', AUTH_REPO: 'test', EVENTS_REPO: 'test', STORAGE_REPO: 'local',
  EXPRESS_PORT: port, WINSTON_CONSOLE_LEVEL: 'error', FS_LOCAL_STORAGE_DIR: process.env.TMPDIR || '/tmp',
});
const modules = path.join(__dirname, '..', 'xapi', 'node_modules');
const expressPath = require.resolve('express', { paths: [modules] });
const express = require(expressPath);

let posts = 0;
const dropAt = Number(process.env.LRS_DROP_REPLY || 0);
function gate(req, res, next) {
  if (user) {
    const want = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
    if (req.headers.authorization !== want) {
      res.status(401).json({ message: 'Unauthorised' });
      return;
    }
  }
  if (process.env.LRS_FAIL) {
    res.status(Number(process.env.LRS_FAIL)).json({ message: 'failing on purpose' });
    return;
  }
  if (process.env.LRS_DELAY_MS) {
    setTimeout(next, Number(process.env.LRS_DELAY_MS));
    return;
  }
  if (req.method === 'POST' && ++posts === dropAt) {
    const end = res.end;
    res.end = function (...args) { req.socket.destroy(); return end.apply(this, args); };
  }
  next();
}
// every express app the service makes gets the gate first
const wrapped = Object.assign(function () {
  const app = express();
  app.use(gate);
  return app;
}, express);
require.cache[expressPath].exports = wrapped;

// xapi-statements 5.0.1's memory store sorts by `stored` but pages (`more`) by `_id`, a v1
// UUID whose text does not sort in time order, so a page boundary can skip statements. Its
// ids are made increasing here, which makes both orders agree; the statements themselves
// are untouched.
const uuidPath = require.resolve('uuid', { paths: [path.join(modules, 'xapi-statements')] });
const uuid = require(uuidPath);
let made = 0;
uuid.v1 = () => `${String(Date.now()).padStart(15, '0')}-${String(made++).padStart(12, '0')}`;

let server = null;
const sockets = new Set();
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (p, cb) {
  if (typeof p === 'number' || typeof p === 'string') {
    server = this;
    this.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    return listen.call(this, Number(p), '127.0.0.1', cb);
  }
  return listen.apply(this, arguments);
};
setInterval(() => {}, 1 << 30); // stay alive while not listening
process.on('SIGUSR1', () => {
  server.close();
  for (const s of sockets) s.destroy();
});
process.on('SIGUSR2', () => listen.call(server, Number(port), '127.0.0.1'));
require(path.join(modules, 'xapi-statements', 'dist', 'server.js'));
