// Store outages seen from the patrons and from Sierra: Express apps (each in its own process, each with its
// own RedisStore) share one redis-server, which is killed, restarted (same data) and frozen (SIGSTOP).
// Measured:
//   1. a blip: a correct PIN sign-in during a 2 s outage, then 12 s of wrong PINs for that card after
//      recovery: PIN checks that reached Sierra (limit 5 per 15 minutes);
//   2. a 10 s outage (kill then restart, and SIGSTOP then SIGCONT) with 12 signed-in browsers on 3 apps
//      requesting a guarded route in a loop: answers 401 and answers that clear the session cookie, then how
//      many sessions are valid after recovery; one browser logs out during the outage and its old cookie
//      is tried after recovery;
//   3. wrong PINs for one card sent round robin to 3 apps for 5 s of outage, then 5 s after recovery: PIN
//      checks that reached Sierra in each phase.
// Usage: node store-outage.mjs [--extra '<JSON of extra ilsAuth options>']
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startControllableRedis } from './lib/controllable-redis.mjs';
import { startSierraProcess } from './lib/emulator.mjs';
import { say, sleep } from './lib/report.mjs';

const extraAt = process.argv.indexOf('--extra');
const extra = extraAt > 0 ? JSON.parse(process.argv[extraAt + 1]) : {};
// Signed in to by the browsers of part 2; part 1 guesses the third card's PIN, part 3 the fourth's.
const CARDS = [
  { barcode: '21913000000001', pin: '1234' },
  { barcode: '21913000000002', pin: '12345678abc' },
  { barcode: 'LibCard42', pin: '0042' },
  { barcode: '21913000000003', pin: '4321' },
];
const PIN_CHECKS = new Set(['sierra.patrons.validate', 'sierra.patrons.auth']);

async function startApp(emulator, redisUrl) {
  const child = fork(
    fileURLToPath(new URL('./lib/store-outage-app.mjs', import.meta.url)),
    [JSON.stringify({ sierraUrl: emulator.url, ...emulator.credentials, redisUrl, extra })],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`app exited (${code})`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('exit');
      await exited;
    },
  };
}

function sessionCookie(response) {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('ils_session=') && c !== 'ils_session=');
}

const clears = (response) =>
  response.headers.getSetCookie().some((c) => /^ils_session=;/.test(c) && /Max-Age=0/i.test(c));

async function pinSignIn(app, barcode, pin) {
  const response = await fetch(`${app.origin}/auth/sierra/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      origin: app.origin,
    },
    body: new URLSearchParams({ barcode, pin }),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return {
    status: response.status,
    cookie: sessionCookie(response),
    retryAfter: response.headers.get('retry-after'),
  };
}

async function logout(app, cookie) {
  const response = await fetch(`${app.origin}/auth/logout`, {
    method: 'POST',
    headers: { cookie, accept: 'application/json', origin: app.origin },
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return { status: response.status, cleared: clears(response) };
}

async function guarded(app, cookie) {
  const response = await fetch(`${app.origin}/protected`, { headers: { cookie } });
  await response.arrayBuffer();
  return { status: response.status, cleared: clears(response) };
}

async function pinChecks(emulator) {
  const requests = await emulator.call('requests');
  return requests.filter((r) => PIN_CHECKS.has(r.endpoint)).length;
}

async function waitForRecovery(apps, cookie) {
  // The stores come back on their own; a guarded request per app shows when each serves from Redis again.
  const deadline = Date.now() + 15_000;
  await sleep(1_500);
  while (Date.now() < deadline) {
    const answers = await Promise.all(apps.map((app) => guarded(app, cookie)));
    if (answers.every((a) => a.status === 200)) return true;
    await sleep(200);
  }
  return false;
}

async function wrongPinsFor(ms, apps, barcode) {
  const statuses = {};
  const until = Date.now() + ms;
  for (let i = 0; Date.now() < until; i++) {
    const { status } = await pinSignIn(apps[i % apps.length], barcode, '9999');
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return statuses;
}

const redis = await startControllableRedis();
const emulator = await startSierraProcess();
const apps = [];
try {
  for (let i = 0; i < 3; i++) apps.push(await startApp(emulator, redis.url));
  const witness = (await pinSignIn(apps[0], CARDS[0].barcode, CARDS[0].pin)).cookie;
  if (!witness) throw new Error('the first sign-in failed');

  // 1. A blip.
  await redis.kill();
  const during = await pinSignIn(apps[0], CARDS[2].barcode, CARDS[2].pin);
  await sleep(2_000);
  await redis.restart();
  await waitForRecovery(apps, witness);
  await emulator.call('clearRequests');
  const blipStatuses = await wrongPinsFor(12_000, [apps[0]], CARDS[2].barcode);
  const blipChecks = await pinChecks(emulator);
  say(
    `1. blip: sign-in during the outage answered ${during.status}; wrong PINs for that card in 12 s after recovery that reached Sierra: ${blipChecks} (limit 5); answers ${JSON.stringify(blipStatuses)}`,
  );

  // 2. Signed-in browsers during a 10 s outage, killed and frozen.
  for (const outage of ['kill', 'freeze']) {
    const browsers = [];
    for (let i = 0; i < 12; i++) {
      const app = apps[i % 3];
      const card = CARDS[i % 2];
      const { cookie } = await pinSignIn(app, card.barcode, card.pin);
      if (!cookie) throw new Error(`sign-in ${i} failed before the outage`);
      browsers.push({ app, cookie });
    }
    const [leaving, ...staying] = browsers;
    if (outage === 'kill') await redis.kill();
    else redis.freeze();
    const answers = { total: 0, unauthorized: 0, cleared: 0, other: {} };
    const until = Date.now() + 10_000;
    let logoutAnswer;
    await Promise.all([
      ...staying.map(async ({ app, cookie }) => {
        while (Date.now() < until) {
          const answer = await guarded(app, cookie);
          answers.total++;
          if (answer.status === 401) answers.unauthorized++;
          else if (answer.status !== 200)
            answers.other[answer.status] = (answers.other[answer.status] ?? 0) + 1;
          if (answer.cleared) answers.cleared++;
          await sleep(5);
        }
      }),
      sleep(3_000).then(async () => {
        logoutAnswer = await logout(leaving.app, leaving.cookie);
      }),
    ]);
    if (outage === 'kill') await redis.restart();
    else redis.thaw();
    await waitForRecovery(apps, witness);
    await sleep(1_000);
    const after = await Promise.all(staying.map(({ app, cookie }) => guarded(app, cookie)));
    const valid = after.filter((a) => a.status === 200).length;
    const loggedOut = await Promise.all(apps.map((app) => guarded(app, leaving.cookie)));
    say(
      `2. ${outage} 10 s: ${answers.unauthorized} of ${answers.total} guarded requests answered 401, ${answers.cleared} cleared the session cookie, other ${JSON.stringify(answers.other)}; after recovery ${valid} of ${staying.length} sessions valid; logout during the outage answered ${logoutAnswer?.status} (cookie cleared: ${logoutAnswer?.cleared}), its old cookie afterwards: ${loggedOut.map((a) => a.status).join('/')} on the 3 apps`,
    );
  }

  // 3. Three processes, one card, during an outage and after it.
  await redis.kill();
  await sleep(500);
  await emulator.call('clearRequests');
  const duringStatuses = await wrongPinsFor(5_000, apps, CARDS[3].barcode);
  const duringChecks = await pinChecks(emulator);
  await redis.restart();
  await waitForRecovery(apps, witness);
  await emulator.call('clearRequests');
  const afterStatuses = await wrongPinsFor(5_000, apps, CARDS[3].barcode);
  const afterChecks = await pinChecks(emulator);
  say(
    `3. 3 apps, one card: wrong PINs that reached Sierra during a 5 s outage: ${duringChecks} ${JSON.stringify(duringStatuses)}; in the 5 s after recovery: ${afterChecks} ${JSON.stringify(afterStatuses)} (limit 5 per 15 minutes in all)`,
  );
} finally {
  for (const app of apps) await app.close();
  await emulator.close();
  await redis.stop();
}
