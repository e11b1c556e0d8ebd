import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sip2 } from '../providers/sip2.js';
import { failureOf } from '../test-support/failure-of.js';
import { SIP2_LOGIN, testSip2Library } from '../test-support/sip2-test-library.js';
import { type ScriptedSip2Server, startScriptedSip2Server } from '../test-support/sip2-test-server.js';
import { makeTestCertificates, type TestCertificates } from '../test-support/test-certificates.js';
import type { Sip2Options } from './sip2-options.js';
import { closeSip2Connections } from './sip2-pools.js';

const PATRON = { barcode: '21000000000001', pin: '1234' };
const failure = failureOf;

async function signIn(server: ScriptedSip2Server, options: Partial<Sip2Options>, patron = PATRON) {
  const descriptor = sip2({ host: server.host, port: server.port, ...SIP2_LOGIN, ...options });
  try {
    return await createPatronAuth(descriptor).login(patron);
  } finally {
    await closeSip2Connections(descriptor);
  }
}

describe('SIP2 over TLS', () => {
  let certificates: TestCertificates;
  let server: ScriptedSip2Server;
  let mutual: ScriptedSip2Server;
  const library = testSip2Library({ [PATRON.barcode]: { pin: PATRON.pin, name: 'Doe, Jane' } });

  beforeAll(async () => {
    certificates = makeTestCertificates();
    const tls = { key: certificates.serverKey, cert: certificates.serverCert };
    server = await startScriptedSip2Server(library, { tls });
    mutual = await startScriptedSip2Server(library, {
      tls: { ...tls, ca: certificates.ca, requestCert: true, rejectUnauthorized: true },
    });
  });
  afterAll(async () => {
    await Promise.all([server?.close(), mutual?.close()]);
  });

  it('signs in when the certificate chains to the configured CA and names the host', async () => {
    const session = await signIn(server, { tls: { ca: certificates.ca } });
    expect(session.profile.name).toBe('Doe, Jane');
    expect(server.received.some((message) => message.startsWith('63'))).toBe(true);
  });

  it('refuses an unknown CA and a certificate for another name, before any SIP message', async () => {
    const before = server.received.length;
    const unknownCa = await failure(signIn(server, { tls: true }));
    expect(unknownCa).toMatchObject({ code: 'provider_unavailable' });
    const otherName = await failure(
      signIn(server, { tls: { ca: certificates.ca, serverName: 'sip.example.org' } }),
    );
    expect(otherName).toMatchObject({ code: 'provider_unavailable' });
    expect((otherName as Error).message).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(server.received.length).toBe(before);
  });

  it('gives up on a handshake that never completes within the connect timeout', async () => {
    // A TCP server that accepts and never speaks: no TLS handshake can finish.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const descriptor = sip2({
        host: '127.0.0.1',
        port,
        ...SIP2_LOGIN,
        tls: true,
        timeouts: { connectMs: 300 },
      });
      const error = await failure(createPatronAuth(descriptor).login(PATRON));
      expect(error).toMatchObject({ code: 'provider_unavailable' });
      expect((error as Error).message).toContain('no connection within 300 ms');
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('presents a client certificate to a server that asks for one', async () => {
    const without = await failure(signIn(mutual, { tls: { ca: certificates.ca } }));
    expect(without).toMatchObject({ code: 'provider_unavailable' });
    const session = await signIn(mutual, {
      tls: { ca: certificates.ca, cert: certificates.clientCert, key: certificates.clientKey },
    });
    expect(session.patronId).toBe(PATRON.barcode);
  });
});

describe('SIP2 in Windows-1252', () => {
  it('sends the PIN and reads names in the server’s encoding, checksums over its bytes', async () => {
    // The scripted server reads bytes as Latin-1, where Windows-1252's € (byte 0x80) is U+0080.
    const server = await startScriptedSip2Server(
      testSip2Library({ '21000000000009': { pin: 'é\u008012', name: 'Müller, Zoë' } }),
      { encoding: 'latin1' },
    );
    try {
      const patron = { barcode: '21000000000009', pin: 'é€12' };
      const session = await signIn(server, { encoding: 'windows-1252' }, patron);
      expect(session.profile.name).toBe('Müller, Zoë');
      // The same PIN in UTF-8 is other bytes: the library does not know it.
      const wrongEncoding = await failure(signIn(server, { encoding: 'utf-8' }, patron));
      expect(wrongEncoding).toMatchObject({ code: 'invalid_credentials' });
    } finally {
      await server.close();
    }
  });
});
