import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  /** PEM of the test CA. */
  ca: string;
  /** A server key and certificate for 127.0.0.1 and localhost, signed by the CA. */
  serverKey: string;
  serverCert: string;
  /** A client key and certificate signed by the CA, for servers that ask for one. */
  clientKey: string;
  clientCert: string;
}

/**
 * A throwaway CA and the certificates a TLS test needs, made with the openssl command (Debian's, as on
 * CI). Nothing is kept: the files live in a temporary directory removed before this returns.
 */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'ils-auth-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=ils-auth test CA',
      '-keyout',
      path('ca.key'),
      '-out',
      path('ca.pem'),
    );
    const issue = (name: string, subject: string, extensions: string) => {
      writeFileSync(path(`${name}.ext`), extensions);
      openssl(
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        subject,
        '-keyout',
        path(`${name}.key`),
        '-out',
        path(`${name}.csr`),
      );
      openssl(
        'x509',
        '-req',
        '-in',
        path(`${name}.csr`),
        '-CA',
        path('ca.pem'),
        '-CAkey',
        path('ca.key'),
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        path(`${name}.ext`),
        '-out',
        path(`${name}.pem`),
      );
    };
    issue(
      'server',
      '/CN=localhost',
      'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    );
    issue('client', '/CN=ils-auth test client', 'extendedKeyUsage=clientAuth\n');
    const read = (name: string) => readFileSync(path(name), 'utf8');
    return {
      ca: read('ca.pem'),
      serverKey: read('server.key'),
      serverCert: read('server.pem'),
      clientKey: read('client.key'),
      clientCert: read('client.pem'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
