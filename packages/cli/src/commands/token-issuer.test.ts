import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KohaEmulator, startKoha } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, stderrLines } from '../testing/run-cli.js';

let koha: KohaEmulator;
let metadataServer: Server;
let issuer: string;

/** An issuer whose OpenID metadata sends token requests to the Koha emulator, which takes body credentials only. */
beforeAll(async () => {
  assertBuilt();
  koha = await startKoha();
  metadataServer = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        issuer,
        token_endpoint: koha.tokenUrl,
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      }),
    );
  });
  await new Promise<void>((resolve) => metadataServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(metadataServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await koha?.close();
  metadataServer?.closeAllConnections();
  await new Promise((resolve) => metadataServer?.close(resolve));
});

const credentials = () => [
  '--client-id',
  koha.credentials.clientId,
  '--client-secret',
  koha.credentials.clientSecret,
];

describe('token oauth2 --issuer', () => {
  it('takes the token endpoint and the client authentication method from the metadata', async () => {
    const result = await runCli(['token', 'oauth2', '--issuer', issuer, ...credentials()]);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(JSON.parse(result.stdout)).toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses an authentication method the metadata does not list (exit 2, names the option)', async () => {
    const result = await runCli([
      'token',
      'oauth2',
      '--issuer',
      issuer,
      '--auth-method',
      'basic',
      ...credentials(),
    ]);
    expect(result.code).toBe(2);
    expect(stderrLines(result)).toEqual([
      expect.stringMatching(/^ils-auth: config_invalid: .*`--auth-method`/),
    ]);
  });
});
