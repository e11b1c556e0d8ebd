import { randomBytes } from 'node:crypto';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
// The redis package's own helper, shared rather than copied: a redis-server it can kill, restart and freeze.
import { RedisServer, redisServerForTests } from '@ils-auth/test-support/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from '../harness.js';
import { type AppProcess, type FaultAppSettings, startAppProcess } from './app-process.js';
import {
  guardedLoop,
  pinAttempt,
  pinChecks,
  signedInBrowser,
  signedInBrowsers,
  untilStoreAnswers,
} from './browsers.js';

/**
 * Redis killed (SIGKILL, then restarted with its data), frozen (SIGSTOP, then SIGCONT) and blipped under
 * load, with several application processes sharing it: the Express router twice, NestJS guards, and
 * Passport with express-session, each its own node process with its own RedisStore. PIN checks are counted
 * where they land, in the Sierra emulator's request log.
 */
const binary = redisServerForTests();

const CARD_LIMIT = 3;
const OUTAGE_MS = 3_000;
/** Signed in to by the browsers; each phase guesses a card of its own. */
const HOLDERS = [
  { barcode: '21913000000001', pin: '1234' },
  { barcode: '21913000000002', pin: '12345678abc' },
  { barcode: '21913000000006', pin: '6666' },
];
const BLIPPED = { barcode: 'LibCard42', pin: '0042' };
const GUESSED_DURING_OUTAGE = '21913000000003';
const GUESSED_PER_PROCESS = '21913000000005';
const WRONG_PIN = '0000';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!binary)('Redis outages across application processes', () => {
  let redis: RedisServer;
  let sierra: SierraEmulator;
  let apps: AppProcess[] = [];
  const started: AppProcess[] = [];
  const encryptionKey = randomBytes(32).toString('hex');

  function settingsFor(
    integration: FaultAppSettings['integration'],
    processes: number,
    duringStoreOutage?: 'count-per-process',
  ): FaultAppSettings {
    return {
      integration,
      redisUrl: redis.url,
      encryptionKey,
      secret: SECRET,
      processes,
      sierra: { url: sierra.url, credentials: sierra.credentials },
      throttle: {
        barcode: { max: CARD_LIMIT, windowSeconds: 900 },
        ip: { max: 10_000, windowSeconds: 900 },
        ...(duringStoreOutage ? { duringStoreOutage } : {}),
      },
    };
  }
  async function startApps(settings: FaultAppSettings[]): Promise<AppProcess[]> {
    const starting = settings.map((one) => startAppProcess(one));
    const results = await Promise.allSettled(starting);
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return results.map((result) => (result as PromiseFulfilledResult<AppProcess>).value);
  }

  /** Wrong PINs for one card sent round robin to `to`: the statuses answered. */
  async function guess(to: AppProcess[], barcode: string, times: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) {
      const app = to[i % to.length] as AppProcess;
      statuses.push((await pinAttempt(app, { barcode, pin: WRONG_PIN })).status);
    }
    return statuses;
  }

  beforeAll(async () => {
    redis = await RedisServer.launch(binary as string, { persistent: true });
    sierra = await startSierra();
    // The second router and the module also map patrons to app users, read from the store on each request.
    apps = await startApps([
      settingsFor('express', 4),
      { ...settingsFor('express', 4), mapsUsers: true },
      { ...settingsFor('nestjs', 4), mapsUsers: true },
      settingsFor('passport', 4),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(started.map((app) => app.close()));
    await sierra?.close();
    await redis?.remove();
  });

  it('a blip: a PIN sign-in the throttle cannot count is refused 503 with Retry-After in every integration and reaches no provider; after recovery the card gets no more than its limit', async () => {
    await redis.kill();
    sierra.controls.clearRequests();
    const during = await Promise.all(apps.map((app) => pinAttempt(app, BLIPPED)));
    const wrong = await guess(apps, GUESSED_DURING_OUTAGE, 4 * CARD_LIMIT);
    const checksDuring = pinChecks(sierra);
    await redis.start();
    await untilStoreAnswers(apps, HOLDERS[0]!);

    for (const [index, answer] of during.entries()) {
      const integration = apps[index]?.integration;
      expect(answer.status, `${integration}: ${answer.body.slice(0, 200)}`).toBe(503);
      expect(Number(answer.headers['retry-after']), `${integration}: Retry-After`).toBeGreaterThanOrEqual(1);
    }
    expect(
      wrong.every((status) => status === 503),
      wrong.join(' '),
    ).toBe(true);
    expect(checksDuring, 'PIN checks that reached Sierra during the outage').toBe(0);

    sierra.controls.clearRequests();
    const after = await guess(apps, BLIPPED.barcode, 4 * CARD_LIMIT);
    expect(pinChecks(sierra), `PIN checks after recovery (answers ${after.join(' ')})`).toBe(CARD_LIMIT);
    expect(
      after.filter((status) => status === 429),
      after.join(' '),
    ).toHaveLength(3 * CARD_LIMIT);
  });

  for (const outage of ['kill', 'freeze'] as const) {
    it(`Redis ${outage === 'kill' ? 'killed' : 'frozen (SIGSTOP)'} for ${OUTAGE_MS / 1000} s under load: no patron signed out, a logout during it honoured in every process, every session valid after recovery`, async () => {
      const browsers = await signedInBrowsers(
        apps.flatMap((app, index) =>
          [0, 1, 2].map((n) => ({ app, credentials: HOLDERS[(index + n) % HOLDERS.length]! })),
        ),
      );
      // One browser per app logs out during the outage; the others keep asking for a guarded page.
      const leaving = browsers.filter((_, index) => index % 3 === 0);
      const staying = browsers.filter((_, index) => index % 3 !== 0);
      for (const browser of browsers) expect(await browser.guarded(), browser.app.integration).toBe(200);
      const cookieReaders = apps.filter((app) => app.integration !== 'passport');
      const crossing = await signedInBrowser(cookieReaders[0]!, HOLDERS[1]!);

      if (outage === 'kill') await redis.kill();
      else redis.freeze();
      const until = Date.now() + OUTAGE_MS;
      const [load, logouts, unread] = await Promise.all([
        Promise.all(staying.map((browser) => guardedLoop(browser, until))),
        sleep(OUTAGE_MS / 3).then(() => Promise.all(leaving.map((browser) => browser.logout()))),
        // A session signed in at the first process, shown to the others, which never read it.
        sleep(OUTAGE_MS / 2).then(() =>
          Promise.all(cookieReaders.slice(1).map((app) => crossing.request(app))),
        ),
      ]);
      if (outage === 'kill') await redis.start();
      else redis.thaw();
      await untilStoreAnswers(apps, HOLDERS[2]!);

      const answers = load.flat();
      const by = (test: (answer: (typeof answers)[number]) => boolean) => answers.filter(test).length;
      const summary = `${answers.length} guarded requests: ${by((a) => a.status === 200)} 200, ${by((a) => a.status === 503)} 503`;
      // Straight to the terminal, as the security suite's matrix: the figures the outage model is judged by.
      process.stdout.write(
        `\nRedis ${outage} ${OUTAGE_MS / 1000} s, ${apps.length} processes: ${summary}, ${by((a) => a.status === 401)} 401, ${by((a) => a.clearsSession)} cleared the cookie\n`,
      );
      expect(answers.length, summary).toBeGreaterThan(staying.length * 5);
      expect(
        by((a) => a.status === 401),
        `${summary}; answered 401`,
      ).toBe(0);
      expect(
        by((a) => a.clearsSession),
        `${summary}; cleared the session cookie`,
      ).toBe(0);
      // Each session (and mapped user) was read just before the outage, well within the grace: served.
      expect(
        by((a) => a.status !== 200),
        `${summary}; not served`,
      ).toBe(0);
      // A session this process never read cannot be verified during the outage: 503, not a sign-out.
      for (const answer of unread) {
        expect(answer.status, 'a session this process never read, during the outage').toBe(503);
        expect(answer.retryAfter).toBeGreaterThanOrEqual(1);
        expect(answer.clearsSession).toBe(false);
      }
      for (const [index, logout] of logouts.entries())
        expect(logout, `logout on ${leaving[index]?.app.integration}`).toBeLessThan(400);

      for (const browser of staying)
        expect(await browser.guarded(), `${browser.app.integration} after recovery`).toBe(200);
      for (const app of cookieReaders)
        expect((await crossing.request(app)).status, `${app.integration}, after recovery`).toBe(200);
      for (const browser of leaving) {
        // The logged-out cookie, tried on every process that reads that cookie.
        const readers =
          browser.app.integration === 'passport'
            ? [browser.app]
            : apps.filter((app) => app.integration !== 'passport');
        for (const app of readers)
          expect(
            await browser.guardedAt(app),
            `${browser.app.integration} logout, cookie at ${app.integration}`,
          ).toBe(401);
      }
    });
  }

  it("opt-in throttle.duringStoreOutage: 'count-per-process': each process counts alone during the outage, and the counts are merged after it (no fresh allowance)", async () => {
    const counting = await startApps(
      (['express', 'nestjs'] as const).map((integration) => settingsFor(integration, 2, 'count-per-process')),
    );
    await redis.kill();
    sierra.controls.clearRequests();
    const during = await guess(counting, GUESSED_PER_PROCESS, 4 * CARD_LIMIT);
    const checksDuring = pinChecks(sierra);
    const signIn = await pinAttempt(counting[0] as AppProcess, HOLDERS[0]!);
    await redis.start();
    await untilStoreAnswers(counting, HOLDERS[1]!);

    expect(checksDuring, `PIN checks during the outage (answers ${during.join(' ')})`).toBe(
      counting.length * CARD_LIMIT,
    );
    expect(signIn.status, 'a right PIN during the outage signs in').toBeLessThan(400);
    sierra.controls.clearRequests();
    const after = await guess(counting, GUESSED_PER_PROCESS, 2 * CARD_LIMIT);
    expect(pinChecks(sierra), `PIN checks after recovery (answers ${after.join(' ')})`).toBe(0);
    expect(
      after.every((status) => status === 429),
      after.join(' '),
    ).toBe(true);
  });
});
