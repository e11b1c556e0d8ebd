import { inspect } from 'node:util';
import { type ReroEmulator, signInOnRero, startRero } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationTransaction } from '../../grants/authorization-code.js';
import { rero } from '../../providers/rero.js';
import {
  outcomeOf as code,
  getRequest as get,
  ENGINE_TEST_SECRET as SECRET,
} from './engine-test-requests.js';
import { IlsAuthEngine } from './ils-auth-engine.js';
import { PENDING_TRANSACTION_LIMIT } from './pending-transactions.js';
import { sessionTransactionHolder } from './session-transaction-holder.js';
import type { TransactionHolder } from './transaction-holder.js';

const JEAN = ['jean.simon@example.ch', 'Valais-2024'] as const;

describe('where a code-flow transaction waits: holders, per-call scopes and parameters', () => {
  let reroServer: ReroEmulator;
  let web: IlsAuthEngine;
  const exchanges = () => reroServer.controls.requests().filter((e) => e.endpoint === 'rero.token').length;

  beforeAll(async () => {
    reroServer = await startRero();
    web = new IlsAuthEngine(
      {
        secret: SECRET,
        providers: {
          rero: rero({ baseUrl: reroServer.url, ...reroServer.credentials, allowInsecureHttp: true }),
        },
      },
      { owner: 'test' },
    );
  });
  afterAll(async () => {
    await Promise.all([web?.close(), reroServer?.close()]);
  });

  const start = (holder?: TransactionHolder, extra: Record<string, unknown> = {}) =>
    web.startCodeSignIn(get('/auth/rero/login'), 'rero', {
      redirectUri: '/auth/rero/callback',
      ...(holder ? { holder } : {}),
      ...extra,
    });
  /** The provider's redirect back, as the app receives it (no cookie: the holder is server-side). */
  const callbackOf = async (location: string) => {
    const callback = new URL(await signInOnRero(location, ...JEAN));
    return get(`${callback.pathname}${callback.search}`);
  };

  it('a session holder keeps two tabs apart: both sign in, in either order, and no cookie is written', async () => {
    const session: Record<string, unknown> = {};
    const first = await start(sessionTransactionHolder(session, { key: 'tx' }));
    const second = await start(sessionTransactionHolder(session, { key: 'tx' }));
    expect([first.cookies, second.cookies]).toEqual([[], []]);
    expect(Object.keys(session.tx as object)).toHaveLength(2);
    // The verifier stays server-side: nothing of it is in the redirect.
    const verifiers = Object.values(session.tx as Record<string, AuthorizationTransaction>).map(
      (t) => t.codeVerifier,
    );
    for (const verifier of verifiers) expect(first.location + second.location).not.toContain(verifier);

    const secondBack = await callbackOf(second.location);
    const firstBack = await callbackOf(first.location);
    const done = [];
    for (const request of [secondBack, firstBack])
      done.push(
        await web.verifyCodeSignIn(request, 'rero', {
          holder: sessionTransactionHolder(session, { key: 'tx' }),
        }),
      );
    const [patron] = done.map((d) => d.session.patronId);
    expect(patron).toBeTruthy();
    expect(done.map((d) => d.session.patronId)).toEqual([patron, patron]);
    expect(done[0]!.session.id).not.toBe(done[1]!.session.id);
    expect(done.flatMap((d) => d.cookies)).toEqual([]);
    expect(session.tx).toBeUndefined();
  });

  it(`holds at most ${PENDING_TRANSACTION_LIMIT} sign-ins per session: the oldest is refused (state_mismatch) before RERO, the newest works`, async () => {
    const session: Record<string, unknown> = {};
    const holder = () => sessionTransactionHolder(session);
    const started = [];
    for (let i = 0; i < PENDING_TRANSACTION_LIMIT + 2; i++) started.push(await start(holder()));
    expect(Object.keys(session['ils-auth:rero'] as object)).toHaveLength(PENDING_TRANSACTION_LIMIT);

    const oldest = await callbackOf(started[0]!.location);
    const before = exchanges();
    expect(await code(web.verifyCodeSignIn(oldest, 'rero', { holder: holder() }))).toBe('state_mismatch');
    expect(exchanges()).toBe(before);
    const newest = await callbackOf(started.at(-1)!.location);
    expect(await code(web.verifyCodeSignIn(newest, 'rero', { holder: holder() }))).toBe('signed in');
    expect(Object.keys(session['ils-auth:rero'] as object)).toHaveLength(PENDING_TRANSACTION_LIMIT - 1);
  });

  it('a session holder with a limit of 1 keeps only the last tab; one replayed from a copied session is refused by the store', async () => {
    const session: Record<string, unknown> = {};
    await start(sessionTransactionHolder(session, { limit: 1 }));
    const last = await start(sessionTransactionHolder(session, { limit: 1 }));
    expect(Object.keys(session['ils-auth:rero'] as object)).toHaveLength(1);
    const copy = structuredClone(session);
    const back = await callbackOf(last.location);
    expect(
      await code(web.verifyCodeSignIn(back, 'rero', { holder: sessionTransactionHolder(session) })),
    ).toBe('signed in');
    const before = exchanges();
    // The same callback with a copy of the session taken before: single use rests on the store's claim.
    expect(await code(web.verifyCodeSignIn(back, 'rero', { holder: sessionTransactionHolder(copy) }))).toBe(
      'state_mismatch',
    );
    expect(exchanges()).toBe(before);
  });

  it('refuses a session holder without a session or with a bad limit (config_invalid)', () => {
    expect(() => sessionTransactionHolder(undefined)).toThrow(
      expect.objectContaining({ code: 'config_invalid' }),
    );
    expect(() => sessionTransactionHolder({}, { limit: 0 })).toThrow(/pending-transaction limit/);
  });

  it("an application's own holder is told the sign-in's context, and a holder with nothing is state_mismatch", async () => {
    const kept = new Map<string, AuthorizationTransaction>();
    const contexts: unknown[] = [];
    const mapHolder: TransactionHolder = {
      async keep(transaction, context) {
        contexts.push(context);
        kept.set(transaction.state, transaction);
        return [];
      },
      async take(context) {
        contexts.push(context);
        const transaction = context.state === undefined ? undefined : kept.get(context.state);
        if (context.state !== undefined) kept.delete(context.state);
        return { transaction, cookies: [] };
      },
    };
    const begun = await start(mapHolder);
    const back = await callbackOf(begun.location);
    const state = new URL(begun.location).searchParams.get('state');
    expect(await code(web.verifyCodeSignIn(back, 'rero', { holder: mapHolder }))).toBe('signed in');
    expect(contexts).toEqual([
      {
        name: 'rero',
        provider: 'rero',
        callbackPath: '/auth/rero/callback',
        redirectUri: 'http://127.0.0.1:5999/auth/rero/callback',
        maxAgeSeconds: 600,
        secure: false,
      },
      {
        name: 'rero',
        provider: 'rero',
        callbackPath: '/auth/rero/callback',
        maxAgeSeconds: 600,
        secure: false,
        state,
      },
    ]);
    expect(await code(web.verifyCodeSignIn(back, 'rero', { holder: mapHolder }))).toBe('state_mismatch');
  });

  it('takes scopes and extra parameters per sign-in, after the provider settings', async () => {
    const begun = await start(undefined, { scopes: ['openid', 'profile'], params: { ui_locales: 'fr' } });
    const query = new URL(begun.location).searchParams;
    expect(query.get('scope')).toBe('openid profile');
    expect(query.get('ui_locales')).toBe('fr');
    expect(query.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it.each([
    ['a protocol parameter', { params: { state: 'attacker-chosen' } }, 'params.state'],
    [
      'a redirect URI of its own',
      { params: { Redirect_URI: 'https://evil.example/' } },
      'params.Redirect_URI',
    ],
    ['PKCE turned off', { params: { code_challenge_method: 'plain' } }, 'params.code_challenge_method'],
    ['a value with a line break', { params: { prompt: 'login\r\nx' } }, 'params.prompt'],
    ['a value that is no string', { params: { max_age: 5 } }, 'params.max_age'],
    ['a scope with a space', { scopes: ['openid profile'] }, 'scopes'],
    ['scopes that are no list', { scopes: 'openid' }, 'scopes'],
  ])('refuses %s with config_invalid naming it, before anything is kept', async (_, extra, named) => {
    let kept = 0;
    const counting: TransactionHolder = {
      async keep() {
        kept++;
        return [];
      },
      async take() {
        return { transaction: undefined, cookies: [] };
      },
    };
    const error = await start(counting, extra).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'config_invalid' });
    expect((error as Error).message).toContain(named);
    for (const value of ['attacker-chosen', 'evil.example', 'login\r\n'])
      expect(`${(error as Error).message} ${inspect(error)} ${JSON.stringify(error)}`).not.toContain(value);
    expect(kept).toBe(0);
  });
});
