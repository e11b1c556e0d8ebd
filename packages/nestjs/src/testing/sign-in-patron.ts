import type { PatronCredentials } from '@ils-auth/core';
import { patronFromSession, type WebRequest } from '@ils-auth/core/web';
import type { INestApplicationContext } from '@nestjs/common';
import { IlsAuthService, setupOf } from '../ils-auth.service.js';
import type { Patron } from '../patron.js';

/** A patron signed in by `signInPatron()`: what a test sends, and who it is. */
export interface TestPatron {
  /** The `Cookie` header a test client sends to be this patron: `.set('Cookie', patron.cookie)`. */
  readonly cookie: string;
  readonly patron: Patron;
}

/** How a test client's requests reach the app: plain http on loopback. */
const TEST_CLIENT: WebRequest = {
  method: 'POST',
  url: '/',
  headers: { host: '127.0.0.1' },
  ip: '127.0.0.1',
  secure: false,
};

/**
 * Signs a patron in for an end-to-end test, with the app's own `IlsAuthModule`: the barcode and PIN are
 * checked by the provider (point the module at `@ils-auth/emulator` in tests) and a real session is
 * started in the app's store. No sign-in route, form, same-origin check or throttle is involved, so a test
 * of a protected route needs one line:
 *
 * ```ts
 * const { cookie } = await signInPatron(app, 'card', { barcode: '21913000000001', pin: '1234' });
 * await request(app.getHttpServer()).get('/me').set('Cookie', cookie).expect(200);
 * ```
 *
 * Works with any provider that checks a PIN (Sierra, OverDrive with `allowPasswordGrant`), whatever its
 * `signIn` mode. The cookie is the plain-http one (`ils_session`, not `__Host-`), as test clients speak.
 */
export async function signInPatron(
  app: INestApplicationContext,
  provider: string,
  credentials: PatronCredentials,
): Promise<TestPatron> {
  const { engine } = setupOf(app.get(IlsAuthService, { strict: false }));
  const configured = engine.provider(provider);
  const session = await configured.auth.login(credentials);
  const patron = patronFromSession(provider, session);
  const cookies = await engine.request(TEST_CLIENT, {} as never).establish({
    provider: configured,
    session,
    patron,
    returnTo: engine.returnTo(undefined),
    cookies: [],
  });
  return { cookie: cookies.map(({ name, value }) => `${name}=${value}`).join('; '), patron };
}
