import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlmaEmulator, startAlmaEmulator } from './alma/emulator.js';
import { type EvergreenEmulator, startEvergreenEmulator } from './evergreen/emulator.js';
import { type FolioEmulator, startFolioEmulator } from './folio/emulator.js';
import { type PolarisEmulator, startPolarisEmulator } from './polaris/emulator.js';
import type { EmulatorControls } from './shared/controls.js';
import type { LoginControls } from './shared/login-counter.js';
import { type SymphonyEmulator, startSymphonyEmulator } from './symphony/emulator.js';
import { papiHeaders } from './testing/papi-signature.js';

// The controls every test needs, checked once per system in that system's own wire shape: an outage
// with Retry-After, latency, unknown paths and the admin endpoints (the request log, the sign-in counts).
interface System {
  name: string;
  controls: () => EmulatorControls & LoginControls;
  origin: () => string;
  /** The endpoint of the sign-in request, as the log names it. */
  endpoint: string;
  /** A sign-in request the emulator answers with success. */
  signIn: () => Promise<Response>;
  errorType: RegExp;
}

let folio: FolioEmulator;
let polaris: PolarisEmulator;
let symphony: SymphonyEmulator;
let alma: AlmaEmulator;
let evergreen: EvergreenEmulator;
beforeAll(async () => {
  [folio, polaris, symphony, alma, evergreen] = await Promise.all([
    startFolioEmulator(),
    startPolarisEmulator(),
    startSymphonyEmulator(),
    startAlmaEmulator(),
    startEvergreenEmulator(),
  ]);
});
afterAll(() => Promise.all([folio, polaris, symphony, alma, evergreen].map((emulator) => emulator.close())));

const json = { 'Content-Type': 'application/json' };
const systems: System[] = [
  {
    name: 'folio',
    controls: () => folio.controls,
    origin: () => folio.url,
    endpoint: 'folio.login-with-expiry',
    signIn: () =>
      fetch(`${folio.url}/authn/login-with-expiry`, {
        method: 'POST',
        headers: { ...json, 'X-Okapi-Tenant': folio.tenant },
        body: JSON.stringify({ username: folio.credentials.username, password: folio.credentials.password }),
      }),
    errorType: /^text\/plain/,
  },
  {
    name: 'polaris',
    controls: () => polaris.controls,
    origin: () => polaris.url,
    endpoint: 'polaris.authenticator.staff',
    signIn: () => {
      const url = `${polaris.protectedUrl}/authenticator/staff`;
      const { accessId, accessKey, staffDomain, staffUsername, staffPassword } = polaris.credentials;
      return fetch(url, {
        method: 'POST',
        headers: { ...json, ...papiHeaders(accessId, accessKey, 'POST', url) },
        body: JSON.stringify({ Domain: staffDomain, Username: staffUsername, Password: staffPassword }),
      });
    },
    errorType: /^application\/json/,
  },
  {
    name: 'symphony',
    controls: () => symphony.controls,
    origin: () => symphony.url,
    endpoint: 'symphony.staff.login',
    signIn: () =>
      fetch(`${symphony.baseUrl}/user/staff/login`, {
        method: 'POST',
        headers: {
          ...json,
          'x-sirs-clientID': symphony.credentials.clientId,
          'SD-Originating-App-Id': symphony.credentials.appId,
        },
        body: JSON.stringify({
          login: symphony.credentials.staffLogin,
          password: symphony.credentials.staffPassword,
        }),
      }),
    errorType: /^application\/json/,
  },
  {
    name: 'alma',
    controls: () => alma.controls,
    origin: () => alma.url,
    endpoint: 'alma.users.auth',
    signIn: () =>
      fetch(`${alma.apiUrl}/users/rita.reader?op=auth`, {
        method: 'POST',
        headers: { Authorization: `apikey ${alma.credentials.apiKey}`, 'Exl-User-Pw': 'rita-Pass-1' },
      }),
    errorType: /^application\/json/,
  },
  {
    name: 'evergreen',
    controls: () => evergreen.controls,
    origin: () => evergreen.url,
    endpoint: 'evergreen.gateway',
    signIn: () =>
      fetch(evergreen.gatewayUrl, {
        method: 'POST',
        body: new URLSearchParams({
          service: 'open-ils.auth',
          method: 'open-ils.auth.login',
          param: JSON.stringify({ ...evergreen.credentials }),
        }),
      }),
    errorType: /^text\/html/,
  },
];

describe.each(systems)('$name emulator: shared controls', (system) => {
  it('answers an injected outage with its status and Retry-After, then recovers', async () => {
    system.controls().inject({ endpoint: system.endpoint, status: 503, retryAfter: 30 });
    const outage = await system.signIn();
    expect(outage.status).toBe(503);
    expect(outage.headers.get('retry-after')).toBe('30');
    expect(outage.headers.get('content-type')).toMatch(system.errorType);
    expect((await system.signIn()).status).toBeLessThan(300);
  });

  it('adds latency to every answer', async () => {
    system.controls().setLatency(120);
    try {
      const started = performance.now();
      await system.signIn();
      expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    } finally {
      system.controls().setLatency(0);
    }
  });

  it('answers unknown paths with 404 in its own error shape, and serves the admin endpoints', async () => {
    const unknown = await fetch(`${system.origin()}/no/such/path`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(system.errorType);
    system.controls().clearRequests();
    await system.signIn();
    const log = (await (await fetch(`${system.origin()}/__emulator/requests`)).json()) as {
      byEndpoint: object;
    };
    expect(log.byEndpoint).toEqual({ [system.endpoint]: 1 });
    system.controls().clearLogins();
    await system.signIn();
    const logins = await fetch(`${system.origin()}/__emulator/logins`);
    expect(
      Object.values((await logins.json()) as Record<string, { ok: number }>).map(({ ok }) => ok),
    ).toEqual([1]);
    expect((await fetch(`${system.origin()}/__emulator/logins`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${system.origin()}/__emulator/toString`)).status).toBe(404);
  });
});
