import type { signInOnRero, signInOnSierraPage } from '@ils-auth/emulator';
import { expect } from 'vitest';
import { Browser, location } from './browser.js';

/** The emulator's sign-in helpers, loaded from the installed tarball. */
export interface SignInPages {
  signInOnSierraPage: typeof signInOnSierraPage;
  signInOnRero: typeof signInOnRero;
}

/** A README example that runs to its end and prints what it did. */
interface ProgramCheck {
  kind: 'program';
  /** Needs a Redis at REDIS_URL. */
  redis?: boolean;
  /** Needs a 3-master Redis Cluster, its nodes in REDIS_CLUSTER_NODES (`host:port,…`). */
  redisCluster?: boolean;
  output(printed: string): void;
}

/** A README example that starts a server: a patron (or script) then uses it as the README says. */
interface ServerCheck {
  kind: 'server';
  /** Catches the app's address in what it prints. */
  ready: RegExp;
  use(url: string, pages: SignInPages): Promise<void>;
}

export type ExampleCheck = ProgramCheck | ServerCheck;

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const FIRST_ORIGIN = /(http:\/\/127\.0\.0\.1:\d+)/;

const json = async (response: Response) => {
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json() as Promise<Record<string, unknown>>;
};

/** A patron starts the code flow at `path` and signs in on the provider's page: back at the app's callback. */
async function codeFlow(url: string, path: string, signIn: (page: string) => Promise<string>) {
  const patron = new Browser();
  const callback = await signIn(location(await patron.fetch(`${url}${path}`), url));
  return { patron, callback };
}

/** Jean Simon signs in on RERO's pages, from the app's `/auth/rero`. */
const reroSignIn = (url: string, pages: SignInPages) =>
  codeFlow(url, '/auth/rero', (page) => pages.signInOnRero(page, 'jean.simon@example.ch', 'Valais-2024'));

/** A program's check: what it printed holds each of `lines`. */
const printsAll =
  (...lines: string[]) =>
  (printed: string): void => {
    for (const line of lines) expect(printed).toContain(line);
  };

/**
 * What each README example must do once installed from the tarballs, by `<package>/<example name>`. A README
 * example without an entry here, or an entry without its example, fails the test: the list is complete.
 */
export const EXAMPLE_CHECKS: Record<string, ExampleCheck> = {
  '@ils-auth/core/example': {
    kind: 'program',
    output(printed) {
      expect(printed).toContain('bib: The left hand of darkness');
      expect(printed).toContain('after restart: 200');
      expect(printed).toContain('signed in: Reader, Rita');
      expect(printed).not.toContain('1234');
    },
  },
  '@ils-auth/core/events': {
    kind: 'program',
    output: printsAll(
      'failed: 100',
      'fail fast: provider_unavailable retry after 1 s',
      'token requests: 1',
      'healthy: false backing off: true',
      'after the outage: 200',
      'healthy: true store: memory',
      '1 failed, 1 refreshed',
    ),
  },
  '@ils-auth/core/otel': {
    kind: 'program',
    output: printsAll('span: ils_auth.token_request', 'span: GET 200'),
  },
  '@ils-auth/cli/doctor': {
    kind: 'program',
    output: printsAll('healthy, exit code: 0', 'token endpoint down, exit code: 4'),
  },
  '@ils-auth/cli/login': {
    kind: 'program',
    output: printsAll('"name": "Ada Lovelace"', 'exit code: 0', 'wrong PIN, exit code: 3'),
  },
  '@ils-auth/cli/alma': {
    kind: 'program',
    output: printsAll(
      '"credential":"static key"',
      'token, exit code: 0',
      'exit code: 0',
      'wrong PIN, exit code: 3',
    ),
  },
  '@ils-auth/redis/cluster': {
    kind: 'program',
    redisCluster: true,
    output: printsAll(
      'callers: 200 tokens: 1',
      'token requests: 1',
      'key: my-app:{ils-auth:app:sierra:<fingerprint>}',
      'one slot: true',
    ),
  },
  '@ils-auth/core/koha': {
    kind: 'program',
    output(printed) {
      expect(printed).toContain('koha patron: Ada Lovelace');
      expect(printed).toContain('signed in: 51 Lovelace, Ada home library CPL');
      expect(printed).toContain('wrong password: invalid_credentials');
    },
  },
  '@ils-auth/core/sip2': {
    kind: 'program',
    output(printed) {
      expect(printed).toContain('signed in: Ada Lovelace card valid until 2099-12-31');
      expect(printed).toContain('refused: access_denied card_lost');
      expect(printed).not.toContain('1357');
    },
  },
  '@ils-auth/core/five': {
    kind: 'program',
    output(printed) {
      printsAll(
        'FOLIO: a7b2c3d4-1111-4a5b-9c8d-000000000001 Reader, Rita; wrong PIN: invalid_credentials',
        'Polaris: 1255101 Reader, Rita; wrong PIN: invalid_credentials',
        'Symphony: 301001 Reader, Rita; wrong PIN: invalid_credentials',
        'Alma: rita.reader Reader, Rita; wrong PIN: invalid_credentials',
        'Evergreen: 101 Reader, Rita; wrong PIN: invalid_credentials',
        'FOLIO users: 1',
        'Polaris search: 1',
        'Evergreen fines: 42.50',
        'Alma passwords in URLs: 0',
      )(printed);
      // The five systems' test passwords (the Sierra, OverDrive and RERO ones are looked for in every example).
      for (const secret of ['rita-pw-1', 'rita-Pass-1', 'rita-pin-1']) expect(printed).not.toContain(secret);
    },
  },
  '@ils-auth/core/openid': {
    kind: 'program',
    output(printed) {
      expect(printed).toContain('signed in: patron-7 Ada Reader');
      expect(printed).toContain('access token after logout: 401');
    },
  },
  '@ils-auth/emulator/example': {
    kind: 'program',
    output(printed) {
      expect(printed).toContain('The left hand of darkness');
      expect(printed.trim().split('\n').at(-1)).toBe('1');
    },
  },
  '@ils-auth/emulator/sip2': {
    kind: 'program',
    output(printed) {
      expect(printed.trim().split('\n')).toEqual(['941', 'true true', '93 63']);
    },
  },
  '@ils-auth/redis/example': {
    kind: 'program',
    redis: true,
    output(printed) {
      expect(printed).toContain('200 The left hand of darkness redis');
    },
  },
  '@ils-auth/express/plain': {
    kind: 'server',
    ready: LISTENING,
    async use(url) {
      expect((await fetch(`${url}/api/bibs/1000004`)).status).toBe(200);
      const patron = new Browser();
      await json(
        await patron.postJson(`${url}/auth/overdrive/login`, { barcode: '23025000000001', pin: '2468' }),
      );
      expect(await json(await patron.fetch(`${url}/api/me`))).toMatchObject({ patronId: 3100001 });
    },
  },
  '@ils-auth/express/portal': {
    kind: 'server',
    ready: LISTENING,
    async use(url) {
      const patron = new Browser();
      // An anonymous visitor is sent to the app's sign-in page (its loginPage), and that page answers.
      const signIn = location(await patron.fetch(`${url}/portal`), url);
      expect(signIn).toBe(`${url}/login?returnTo=%2Fportal`);
      expect((await patron.fetch(signIn)).status).toBe(200);
      await json(
        await patron.postJson(`${url}/auth/catalogue/login`, { barcode: '21913000000001', pin: '1234' }),
      );
      await json(
        await patron.postJson(`${url}/auth/ebooks/login`, { barcode: '23025000000001', pin: '2468' }),
      );
      const portal = await json(await patron.fetch(`${url}/portal`));
      expect((portal.signedInTo as string[]).sort()).toEqual(['catalogue', 'ebooks']);
      expect(await json(await patron.fetch(`${url}/ebooks`))).toMatchObject({ patronId: 3100001 });
    },
  },
  '@ils-auth/express/passport': {
    kind: 'server',
    ready: LISTENING,
    async use(url) {
      const patron = new Browser();
      expect(location(await patron.fetch(`${url}/account`), url)).toBe(`${url}/login?returnTo=%2Faccount`);
      await patron.fetch(`${url}/login?returnTo=%2Faccount`);
      const signedIn = await patron.postForm(`${url}/login`, { barcode: '21913000000001', pin: '1234' });
      expect(location(signedIn, url)).toBe(`${url}/account`);
      expect(await json(await patron.fetch(`${url}/account`))).toMatchObject({
        user: { patronId: '1000001', name: 'Reader, Rita' },
      });
    },
  },
  '@ils-auth/nestjs/example': {
    kind: 'server',
    ready: LISTENING,
    async use(url) {
      expect((await fetch(`${url}/bibs/1000004`)).status).toBe(200);
      const patron = new Browser();
      await json(await patron.postJson(`${url}/auth/card/login`, { barcode: '21913000000001', pin: '1234' }));
      expect(await json(await patron.fetch(`${url}/me`))).toMatchObject({
        provider: 'card',
        patronId: '1000001',
      });
    },
  },
  '@ils-auth/passport/sierra': {
    kind: 'server',
    ready: FIRST_ORIGIN,
    async use(url, pages) {
      const { patron, callback } = await codeFlow(url, '/auth/sierra', (page) =>
        pages.signInOnSierraPage(page, '21913000000001', '1234'),
      );
      expect(await json(await patron.fetch(callback))).toEqual({
        user: { id: '1000001', name: 'Reader, Rita' },
      });
    },
  },
  '@ils-auth/passport/sierra-pin': {
    kind: 'server',
    ready: FIRST_ORIGIN,
    async use(url) {
      const answer = await new Browser().postForm(`${url}/login`, { barcode: '21913000000001', pin: '1234' });
      expect(await json(answer)).toEqual({ id: '1000001', name: 'Reader, Rita' });
    },
  },
  '@ils-auth/passport/overdrive': {
    kind: 'server',
    ready: FIRST_ORIGIN,
    async use(url) {
      const answer = await new Browser().postJson(`${url}/login`, { barcode: '23025000000001', pin: '2468' });
      expect(await json(answer)).toMatchObject({ id: '3100001' });
    },
  },
  '@ils-auth/passport/rero': {
    kind: 'server',
    ready: FIRST_ORIGIN,
    async use(url, pages) {
      const { patron, callback } = await reroSignIn(url, pages);
      const landing = location(await patron.fetch(callback), url);
      expect(await json(await patron.fetch(landing))).toMatchObject({
        user: { id: '21', name: 'Simon, Jean' },
      });
    },
  },
  '@ils-auth/passport/oauth2': {
    kind: 'server',
    ready: FIRST_ORIGIN,
    async use(url, pages) {
      const { patron, callback } = await codeFlow(url, '/auth/library', (page) =>
        pages.signInOnRero(page, 'anna.muster@example.ch', 'Fribourg-2024'),
      );
      expect(await json(await patron.fetch(callback))).toEqual({ user: { id: '22', name: 'Muster, Anna' } });
    },
  },
  '@ils-auth/passport/sign-in-hooks': {
    kind: 'server',
    ready: FIRST_ORIGIN,
    async use(url) {
      const patron = new Browser();
      const wrong = await patron.postForm(`${url}/login`, { barcode: '21913000000001', pin: '0000' });
      expect(location(wrong, url)).toBe(`${url}/login?error=invalid_credentials&provider=sierra-pin`);
      const blocked = await patron.postForm(`${url}/login`, {
        barcode: '21913000000002',
        pin: '12345678abc',
      });
      expect(location(blocked, url)).toBe(`${url}/login?error=card_blocked&provider=sierra-pin`);
      const signedIn = await patron.postForm(`${url}/login`, {
        barcode: '21913000000001',
        pin: '1234',
        returnTo: '/account',
      });
      expect(await json(await patron.fetch(location(signedIn, url)))).toMatchObject({
        user: { id: 'reader-1000001', name: 'Reader, Rita' },
      });
    },
  },
  '@ils-auth/passport/several-providers': {
    kind: 'server',
    ready: FIRST_ORIGIN,
    async use(url) {
      const patron = new Browser();
      await patron.postForm(`${url}/login/sierra`, { barcode: '21913000000001', pin: '1234' });
      await patron.postForm(`${url}/login/overdrive`, { barcode: '23025000000001', pin: '2468' });
      expect(await json(await patron.fetch(`${url}/loans`))).toEqual({ loansOf: '3100001' });
      await patron.fetch(`${url}/logout/overdrive`, { method: 'POST' });
      expect(await json(await patron.fetch(`${url}/me`))).toEqual({
        patrons: { sierra: expect.objectContaining({ patronId: '1000001' }) },
      });
    },
  },
  '@ils-auth/passport/exact-redirect-uri': {
    kind: 'server',
    ready: FIRST_ORIGIN,
    async use(url, pages) {
      const { patron, callback } = await reroSignIn(url, pages);
      expect(callback.startsWith(`${url}/callback?`)).toBe(true);
      expect(await json(await patron.fetch(callback))).toEqual({ user: { id: '21', name: 'Simon, Jean' } });
    },
  },
};
