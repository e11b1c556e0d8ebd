// Starts benchmark 2's app of one platform (lib/express-app.mjs, or lib/nest-fastify-app.mjs) in a process
// of its own and signs in once on each of its guarded stacks: a Sierra patron by PIN through ils-auth, and
// the Passport user through its session. Both apps answer the same paths with the same cookie names.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SIERRA_PATRON = { barcode: '21913000000001', pin: '1234' }; // seeded in the emulator

/** The `name=value` part of the response's cookie called `name`. */
function cookieOf(response, name) {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith(`${name}=`));
}

/** Each platform's app and the names of its routes, as the benchmark reports them. */
export const PLATFORMS = {
  express: {
    script: './express-app.mjs',
    label: 'Express 5',
    routes: {
      guarded: 'requirePatron + req.ils.client()',
      passport: 'Passport session + bare fetch',
      guardOnly: 'breakdown: requirePatron + bare fetch',
    },
  },
  fastify: {
    script: './nest-fastify-app.mjs',
    label: 'NestJS on Fastify',
    routes: {
      guarded: 'PatronGuard + IlsAuthService.client()',
      passport: 'Passport AuthGuard + @fastify/session + bare fetch',
      guardOnly: 'breakdown: PatronGuard + bare fetch',
    },
  },
};

/**
 * `platform`: a key of PLATFORMS. `emulator`: from startSierraProcess(). `execArgv`: Node flags of the app
 * process (`--cpu-prof`, …). Returns { platform, origin, cookies: { ils, passport }, appCpu(), close() } (no
 * Passport cookie for an app without Passport routes);
 * appCpu() is the app process's CPU time so far in µs.
 */
export async function startApp(platform, emulator, { execArgv = [] } = {}) {
  const app = fork(
    fileURLToPath(new URL(PLATFORMS[platform].script, import.meta.url)),
    [JSON.stringify({ sierraUrl: emulator.url, ...emulator.credentials })],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv },
  );
  const close = async () => {
    if (app.exitCode !== null || app.signalCode !== null) return;
    const exited = new Promise((resolve) => app.once('exit', resolve));
    app.send('exit');
    await exited;
  };
  try {
    const { port } = await new Promise((resolve, reject) => {
      app.once('message', resolve);
      app.once('exit', (code) => reject(new Error(`${platform} app exited (${code})`)));
    });
    const origin = `http://127.0.0.1:${port}`;
    const ilsLogin = await fetch(`${origin}/auth/sierra/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', origin },
      body: new URLSearchParams(SIERRA_PATRON),
      redirect: 'manual',
    });
    const ils = cookieOf(ilsLogin, 'ils_session');
    if (!ils) throw new Error(`ilsAuth sign-in failed: HTTP ${ilsLogin.status} ${await ilsLogin.text()}`);
    let passport;
    if (PLATFORMS[platform].routes) {
      const passportLogin = await fetch(`${origin}/passport/login`, { method: 'POST' });
      passport = cookieOf(passportLogin, 'passport_session');
      if (!passport) throw new Error(`Passport sign-in failed: HTTP ${passportLogin.status}`);
    }
    const appCpu = () =>
      new Promise((resolve) => {
        app.once('message', (message) => resolve(message.cpuMicros));
        app.send('cpu');
      });
    return { platform, origin, cookies: { ils, passport }, appCpu, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The routes of benchmark 2 (name → { url, headers }), the no-auth route first, after checking that each
 * answers the bib and that neither guard lets an anonymous request through.
 */
export async function benchmarkRoutes({ platform, origin, cookies }) {
  // Every route gets the same request but for its path: the cookies of a browser signed in to both guards,
  // as a browser sends its cookies to every page of the site, guarded or not. So no route pays for a
  // bigger request than another, and the routes differ only by what runs for them.
  const headers = { cookie: `${cookies.ils}; ${cookies.passport}` };
  const names = PLATFORMS[platform].routes;
  const routes = {
    'no auth (bare fetch)': { url: `${origin}/open/bib`, headers },
    [names.guarded]: { url: `${origin}/protected/bib`, headers },
    [names.passport]: { url: `${origin}/passport/bib`, headers },
    [names.guardOnly]: { url: `${origin}/guard-only/bib`, headers },
    'breakdown: no auth + client.fetch()': { url: `${origin}/open-client/bib`, headers },
  };
  for (const [name, { url, headers }] of Object.entries(routes)) {
    const check = await fetch(url, { headers });
    const body = await check.text();
    if (check.status !== 200 || !body.includes('"id"'))
      throw new Error(`${name}: HTTP ${check.status} ${body.slice(0, 200)}`);
  }
  for (const path of ['/protected/bib', '/passport/bib']) {
    const anonymous = await fetch(`${origin}${path}`);
    if (anonymous.status !== 401)
      throw new Error(`${path} let an anonymous request through (${anonymous.status})`);
  }
  return routes;
}
