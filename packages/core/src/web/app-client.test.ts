import {
  type AlmaEmulator,
  type FolioEmulator,
  type PolarisEmulator,
  type Sip2Emulator,
  startAlmaEmulator,
  startFolioEmulator,
  startPolarisEmulator,
  startSip2Emulator,
} from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { alma } from '../providers/alma.js';
import { folio } from '../providers/folio.js';
import { polaris } from '../providers/polaris.js';
import { sip2 } from '../providers/sip2.js';
import { IlsAuthEngine } from './engine/ils-auth-engine.js';

/**
 * The integrations' `req.ils.client(name)` / `IlsAuthService.client(name)` is the engine's `appClient`: systems
 * whose application signs in (FOLIO), signs requests (Polaris) or sends a key (Alma) have one, like OAuth
 * client credentials; SIP2, which has no API for the application, has none.
 */
describe("the engine's app clients of the systems without OAuth", () => {
  let folioServer: FolioEmulator;
  let polarisServer: PolarisEmulator;
  let almaServer: AlmaEmulator;
  let sip2Server: Sip2Emulator;
  let web: IlsAuthEngine;

  beforeAll(async () => {
    [folioServer, polarisServer, almaServer, sip2Server] = await Promise.all([
      startFolioEmulator(),
      startPolarisEmulator(),
      startAlmaEmulator(),
      startSip2Emulator(),
    ]);
    web = new IlsAuthEngine(
      {
        secret: 'a-secret-of-at-least-thirty-two-characters',
        providers: {
          folio: {
            provider: folio({
              okapiUrl: folioServer.url,
              ...folioServer.credentials,
              allowInsecureHttp: true,
            }),
            signIn: 'pin',
          },
          polaris: {
            provider: polaris({ baseUrl: polarisServer.baseUrl, ...polarisServer.credentials }),
            signIn: 'pin',
          },
          alma: { provider: alma({ apiUrl: almaServer.apiUrl, ...almaServer.credentials }), signIn: 'pin' },
          sip2: {
            provider: sip2({ host: sip2Server.host, port: sip2Server.port, ...sip2Server.credentials }),
            signIn: 'pin',
          },
        },
      },
      { owner: 'test' },
    );
  });
  afterAll(async () => {
    await Promise.all([folioServer, polarisServer, almaServer, sip2Server].map((server) => server?.close()));
  });

  it('calls FOLIO, Polaris and Alma with the application credential through one shared client each', async () => {
    const folioPatron = folioServer.users.find((user) => user.kind === 'patron');
    const users = await web.appClient('folio').fetch(`users?query=username=="${folioPatron?.username}"`);
    expect(users.status).toBe(200);
    expect(((await users.json()) as { totalRecords: number }).totalRecords).toBe(1);

    const barcode = polarisServer.patrons[0]?.barcode;
    const found = await web.appClient('polaris').fetch(`search/patrons/boolean?q=PATB=${barcode}`);
    expect(found.status).toBe(200);
    expect(((await found.json()) as { TotalRecordsFound: number }).TotalRecordsFound).toBe(1);

    const primaryId = almaServer.users[0]?.primaryId;
    const user = await web.appClient('alma').fetch(`users/${primaryId}`);
    expect(user.status).toBe(200);
    expect(((await user.json()) as { primary_id: string }).primary_id).toBe(primaryId);

    expect(web.appClient('folio')).toBe(web.appClient('folio'));
  });

  it('shares one Polaris staff session between patron sign-ins and the application calls, in parallel', async () => {
    polarisServer.controls.clearLogins();
    const patron = polarisServer.patrons[0];
    if (!patron) throw new Error('no Polaris test patron');
    const client = web.appClient('polaris');
    await client.invalidate();
    const [signIns, calls] = await Promise.all([
      Promise.all(
        Array.from({ length: 10 }, () =>
          web.provider('polaris').auth.login({ barcode: patron.barcode, pin: patron.password }),
        ),
      ),
      Promise.all(
        Array.from({ length: 10 }, () => client.fetch(`search/patrons/boolean?q=PATB=${patron.barcode}`)),
      ),
    ]);
    expect(signIns.map((session) => session.patronId)).toEqual(Array(10).fill(String(patron.patronId)));
    expect(calls.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    await Promise.all(calls.map((answer) => answer.body?.cancel()));
    expect(polarisServer.controls.logins().staff?.ok).toBe(1);
  });

  it('refuses an app client for SIP2 with config_invalid, naming the route', () => {
    let refusal: unknown;
    try {
      web.appClient('sip2');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(IlsAuthError);
    expect((refusal as IlsAuthError).code).toBe('config_invalid');
    expect((refusal as IlsAuthError).message).toContain('("sip2") has no app token');
  });
});
