import { type IlsAuthError, isIlsAuthError } from '@ils-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Application, appCall, startApplication } from './application.mjs';
import { assertPackagesBuilt } from './built-packages.js';
import type { Card, CardCase, RunningSystem } from './conformance-system.js';
import { coldCacheCount, renewalCount } from './expected-counts.js';
import { OutputRecorder } from './output-recorder.js';
import { profileFormatProblems } from './profile-formats.js';
import { SYSTEMS } from './systems/index.js';

const PARALLEL_CALLERS = 200;
/** An outage must be answered at once, not after a timeout: well under a request timeout. */
const OUTAGE_ANSWER_MS = 2_000;

async function refusal(promise: Promise<unknown>): Promise<IlsAuthError> {
  const error = await promise.then(
    () => {
      throw new Error('the call was expected to fail');
    },
    (failure: unknown) => failure,
  );
  if (!isIlsAuthError(error)) throw error;
  return error;
}

/**
 * Whether a value appears as a whole word: a 4-digit PIN is also a substring of dates and of the zeros of
 * a SIP2 fixed field, but a leaked one stands between delimiters (`pin=1234`, `"pin":"1234"`).
 */
function appearsIn(haystack: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`).test(haystack);
}

beforeAll(assertPackagesBuilt);

for (const system of SYSTEMS) {
  describe(`login() on ${system.name}`, () => {
    let running: RunningSystem;
    const recorder = new OutputRecorder();
    const applications: Application[] = [];
    const errors: IlsAuthError[] = [];
    const tokens: string[] = [];
    const cards: Card[] = [];

    /** A new application (cold caches); everything it prints is recorded. */
    const application = () => {
      const app = startApplication(running.descriptor, { logger: recorder.logger });
      applications.push(app);
      recorder.keep(app.patrons);
      if (app.client) recorder.keep(app.client);
      return app;
    };
    // Each line of a token too: Polaris keeps its staff AccessToken and AccessSecret as one, either a secret.
    const keepToken = (token: string) => tokens.push(token, ...token.split('\n'));
    const failed = async (promise: Promise<unknown>) => {
      const error = await refusal(promise);
      errors.push(error);
      recorder.keep(error);
      return error;
    };
    const signIn = async (app: Application, card: Card) => {
      cards.push(card);
      const session = await app.patrons.login(card);
      recorder.keep(session);
      return session;
    };
    const expectOutcome = async (app: Application, { card, outcome }: CardCase) => {
      cards.push(card);
      if ('signsIn' in outcome) {
        const session = await signIn(app, card);
        expect(profileFormatProblems(session.profile, session.provider)).toEqual([]);
        expect(session.profile).toMatchObject(outcome.signsIn);
        return;
      }
      const error = await failed(app.patrons.login(card));
      expect(error).toMatchObject(outcome.refused);
    };

    beforeAll(async () => {
      running = await system.start();
    });
    afterAll(async () => {
      recorder.stop();
      for (const app of applications) await app.close();
      await running?.close();
    });

    it('signs a valid card in, with a profile in the common formats', async () => {
      const app = application();
      await expectOutcome(app, system.cards.valid);
      if (app.client) keepToken(await app.client.getToken());
    });

    it('refuses a wrong PIN and an unknown card with the same invalid_credentials, naming neither', async () => {
      const app = application();
      const { wrongPin, unknown } = system.cards;
      cards.push(wrongPin, unknown);
      const answers = [];
      for (const card of [wrongPin, unknown]) {
        const error = await failed(app.patrons.login(card));
        // The message reaches JSON clients: it must not tell a known card from an unknown one. A system may
        // echo the card's last digits (OverDrive's "[card …0001]"); that echo is the caller's own input.
        const message = error.message.split(card.barcode.slice(-4)).join('####');
        answers.push({ code: error.code, status: error.status, retryable: error.retryable, message });
        const printed = recorder.withoutSessions([error]);
        expect(printed).not.toContain(card.pin);
        expect(printed).not.toContain(card.barcode);
      }
      expect(answers[0]).toMatchObject({ code: 'invalid_credentials', status: 401, retryable: false });
      expect(answers[1]).toEqual(answers[0]);
    });

    for (const state of ['blocked', 'expired', 'fines'] as const) {
      const stateCase = system.cards[state];
      if (stateCase)
        it(`answers the ${state} card as core defines it for ${system.name}`, async () => {
          await expectOutcome(application(), stateCase);
        });
    }

    it('answers an outage with a fast, retryable provider_unavailable', async () => {
      const app = application();
      const end = running.stageOutage();
      try {
        const started = performance.now();
        const error = await failed(appCall(app, system.appCall, system.cards.valid.card));
        const elapsed = performance.now() - started;
        expect(error).toMatchObject({ code: 'provider_unavailable', retryable: true });
        expect(elapsed).toBeLessThan(OUTAGE_ANSWER_MS);
        // The backoff holds every later caller back: the outage is not hammered.
        const before = running.counted();
        const later = await Promise.all(
          Array.from({ length: 20 }, () => failed(appCall(app, system.appCall, system.cards.valid.card))),
        );
        expect(later.map((e) => e.code)).toEqual(Array(20).fill('provider_unavailable'));
        expect(running.counted() - before).toBe(0);
      } finally {
        end();
      }
    });

    it('renews a credential killed in mid-use once: the call succeeds with one new request (a static key: none)', async () => {
      const app = application();
      await appCall(app, system.appCall, system.cards.valid.card);
      running.expireMidUse();
      const before = running.counted();
      await appCall(app, system.appCall, system.cards.valid.card);
      expect(running.counted() - before).toBe(renewalCount(system.credential));
      if (app.client) keepToken(await app.client.getToken());
    });

    it(`costs ${PARALLEL_CALLERS} parallel callers on a cold cache what the credential says: one request (SIP2: one per pooled connection; a static key: none)`, async () => {
      const app = application();
      const before = running.counted();
      const outcomes = await Promise.allSettled(
        Array.from({ length: PARALLEL_CALLERS }, () => appCall(app, system.appCall, system.cards.valid.card)),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
      expect(running.counted() - before).toBe(coldCacheCount(system.credential, PARALLEL_CALLERS, 1));
    });

    it('lets no secret, PIN, token or card number out in any error, session, client, log line or event', async () => {
      const app = application();
      await signIn(app, system.cards.valid.card);
      await failed(app.patrons.login(system.cards.wrongPin));
      if (app.client) keepToken(await app.client.getToken());
      const leaked = (haystack: string, values: readonly string[]) =>
        [...new Set(values)].filter((value) => appearsIn(haystack, value));
      expect(
        leaked(recorder.all(), [...running.secrets, ...tokens, ...cards.map((card) => card.pin)]),
      ).toEqual([]);
      expect(
        leaked(
          recorder.withoutSessions(errors),
          cards.map((card) => card.barcode),
        ),
      ).toEqual([]);
    });
  });
}
