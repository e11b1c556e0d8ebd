// Preloaded into the CLI under test (NODE_OPTIONS=--import): every outgoing TCP connection is written to
// the file ILS_AUTH_TEST_CONNECTIONS names, and any to a host that is not loopback is refused before it
// leaves, so a test can assert that a command never reached for a production host.
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;
const log = process.env.ILS_AUTH_TEST_CONNECTIONS;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function connectLoopbackOnly(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === 'object' && first !== null ? first.host : args[1];
  const path = typeof first === 'object' && first !== null ? first.path : undefined;
  if (path === undefined) {
    const name = String(host ?? 'localhost');
    if (log) appendFileSync(log, `${name}\n`);
    if (!LOOPBACK.test(name)) {
      process.nextTick(() => this.destroy(new Error(`test guard: no connection to ${name}`)));
      return this;
    }
  }
  return connect.apply(this, args);
};
