// A TLS front for the test LRS, as an office puts its LRS behind HTTPS: connections on PORT
// (127.0.0.1) are decrypted with CERT/KEY and passed on to the LRS on TARGET_PORT.
// Usage: node tls_front.js PORT CERT.pem KEY.pem TARGET_PORT
'use strict';
const fs = require('fs');
const net = require('net');
const tls = require('tls');
const [port, cert, key, target] = process.argv.slice(2);
if (!target) {
  console.error('usage: node tls_front.js PORT CERT.pem KEY.pem TARGET_PORT');
  process.exit(2);
}
tls.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (client) => {
  const lrs = net.connect(Number(target), '127.0.0.1');
  client.on('error', () => lrs.destroy());
  lrs.on('error', () => client.destroy());
  client.pipe(lrs).pipe(client);
}).listen(Number(port), '127.0.0.1');
