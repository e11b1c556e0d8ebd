import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sip2 } from '../providers/sip2.js';
import { SIP2_LOGIN, testSip2Library } from '../test-support/sip2-test-library.js';
import { type ScriptedSip2Server, startScriptedSip2Server } from '../test-support/sip2-test-server.js';
import { finishSignIn } from '../web/engine/engine-test-requests.js';
import { IlsAuthEngine } from '../web/engine/ils-auth-engine.js';
import type { WebRequest } from '../web/web-request.js';
import { closeSip2Connections } from './sip2-pools.js';

const SITE = 'http://127.0.0.1:5999';
const post = (accept = 'text/html'): WebRequest => ({
  method: 'POST',
  url: '/auth/library/login',
  headers: { host: '127.0.0.1:5999', origin: SITE, accept },
  ip: '203.0.113.5',
});

describe('SIP2 through the web layer (what Express, Passport and NestJS call)', () => {
  let server: ScriptedSip2Server;
  let web: IlsAuthEngine;
  let provider: ReturnType<typeof sip2>;

  beforeAll(async () => {
    server = await startScriptedSip2Server(
      testSip2Library({
        '21000000000001': { pin: '1234', name: 'Doe, Jane' },
        '21000000000002': { pin: '2222', name: 'Lost, Card', status: '    Y         ' },
      }),
    );
    provider = sip2({ host: server.host, port: server.port, ...SIP2_LOGIN });
    // No `signIn`: a descriptor that checks PINs defaults to the PIN sign-in.
    web = new IlsAuthEngine(
      {
        secret: 'a-secret-of-at-least-thirty-two-characters',
        providers: { library: provider },
        failureRedirect: '/login',
        throttle: { barcode: { max: 2, windowSeconds: 60 } },
      },
      { owner: 'test' },
    );
  });
  afterAll(async () => {
    await closeSip2Connections(provider);
    await server.close();
  });

  it('signs a patron in by PIN and starts a session with the SIP2 profile', async () => {
    const signedIn = await web.verifyPinSignIn(post(), 'library', { barcode: '21000000000001', pin: '1234' });
    expect(signedIn.session.profile).toMatchObject({ provider: 'sip2', name: 'Doe, Jane' });
    const cookies = await finishSignIn(web, post(), signedIn);
    expect(cookies.at(-1)?.name).toBe('ils_session');
  });

  it('shows a refused card’s reason on the failure page, and throttles wrong PINs before the SIP2 server sees them', async () => {
    const refused = await web
      .verifyPinSignIn(post(), 'library', { barcode: '21000000000002', pin: '2222' })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'access_denied', reason: 'card_lost', status: 403 });
    const page = web.signInFailure(post(), refused, { provider: 'library' });
    expect(new URL(page?.location ?? '', SITE).searchParams.get('error')).toBe('card_lost');
    // Wrong PINs stay counted: the third attempt on the card never reaches the SIP2 server.
    const before = server.received.filter((message) => message.startsWith('63')).length;
    const attempts: unknown[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1)
      attempts.push(
        await web
          .verifyPinSignIn(post(), 'library', { barcode: '21000000000001', pin: '0000' })
          .catch((error: { code?: string }) => error.code),
      );
    expect(attempts).toEqual(['invalid_credentials', 'invalid_credentials', 'rate_limited']);
    expect(server.received.filter((message) => message.startsWith('63')).length - before).toBe(2);
  });
});
