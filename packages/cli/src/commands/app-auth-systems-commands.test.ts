import {
  type AlmaEmulator,
  type EvergreenEmulator,
  type FolioEmulator,
  type PolarisEmulator,
  type SymphonyEmulator,
  startAlmaEmulator,
  startEvergreenEmulator,
  startFolioEmulator,
  startPolarisEmulator,
  startSymphonyEmulator,
} from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret } from '../testing/expect-no-secret.js';
import { assertBuilt, runCli, runCliWithStdin } from '../testing/run-cli.js';

// `ils-auth token|request|login|doctor` for the five systems without OAuth, as a user runs them: the built
// binary against each emulator on loopback, every secret in the environment (or stdin), never in argv.
let folio: FolioEmulator;
let polaris: PolarisEmulator;
let symphony: SymphonyEmulator;
let alma: AlmaEmulator;
let evergreen: EvergreenEmulator;

beforeAll(async () => {
  assertBuilt();
  [folio, polaris, symphony, alma, evergreen] = await Promise.all([
    startFolioEmulator(),
    startPolarisEmulator(),
    startSymphonyEmulator(),
    startAlmaEmulator(),
    startEvergreenEmulator(),
  ]);
});
afterAll(async () => {
  await Promise.all([folio, polaris, symphony, alma, evergreen].map((emulator) => emulator?.close()));
});

interface SystemUnderTest {
  flags: () => string[];
  env: () => Record<string, string>;
  /** The same environment with the application's secret wrong. */
  wrongEnv: () => Record<string, string>;
  secrets: () => string[];
  /** The seeded patron whose note starts with `note` (default: the valid one). */
  patron: (note?: string) => { barcode: string; pin: string };
  /** A path the application may read, relative to the API base. */
  readablePath: () => string;
}

const SYSTEMS: Record<string, SystemUnderTest> = {
  alma: {
    flags: () => ['--api-url', alma.apiUrl],
    env: () => ({ ILS_AUTH_API_KEY: alma.credentials.apiKey }),
    wrongEnv: () => ({ ILS_AUTH_API_KEY: 'not-the-key' }),
    secrets: () => [alma.credentials.apiKey],
    patron: (note = 'valid') =>
      patronOf(note, alma.users, (user) => ({ barcode: user.barcode, pin: user.password })),
    readablePath: () => `users/${alma.users[0]?.primaryId}`,
  },
  folio: {
    flags: () =>
      flagsOf({
        'okapi-url': folio.url,
        tenant: folio.credentials.tenant,
        username: folio.credentials.username,
      }),
    env: () => ({ ILS_AUTH_PASSWORD: folio.credentials.password }),
    wrongEnv: () => ({ ILS_AUTH_PASSWORD: 'not-the-password' }),
    secrets: () => [folio.credentials.password],
    patron: (note = 'valid') =>
      patronOf(
        note,
        folio.users.filter((user) => user.kind === 'patron'),
        (user) => ({ barcode: user.username, pin: user.password }),
      ),
    readablePath: () => `users/${folio.users.find((user) => user.kind === 'patron')?.id}`,
  },
  polaris: {
    flags: () => {
      const { accessId, staffDomain, staffUsername } = polaris.credentials;
      return flagsOf({
        'base-url': polaris.baseUrl,
        'access-id': accessId,
        'staff-domain': staffDomain,
        'staff-username': staffUsername,
      });
    },
    env: () => ({
      ILS_AUTH_ACCESS_KEY: polaris.credentials.accessKey,
      ILS_AUTH_STAFF_PASSWORD: polaris.credentials.staffPassword,
    }),
    wrongEnv: () => ({
      ILS_AUTH_ACCESS_KEY: polaris.credentials.accessKey,
      ILS_AUTH_STAFF_PASSWORD: 'not-the-password',
    }),
    secrets: () => [polaris.credentials.accessKey, polaris.credentials.staffPassword],
    patron: (note = 'valid') =>
      patronOf(note, polaris.patrons, (patron) => ({ barcode: patron.barcode, pin: patron.password })),
    readablePath: () => 'search/patrons/boolean?q=PATNF=*',
  },
  symphony: {
    flags: () => {
      const { clientId, appId, staffLogin } = symphony.credentials;
      return flagsOf({
        'base-url': symphony.baseUrl,
        'client-id': clientId,
        'app-id': appId,
        'staff-login': staffLogin,
      });
    },
    env: () => ({ ILS_AUTH_STAFF_PASSWORD: symphony.credentials.staffPassword }),
    wrongEnv: () => ({ ILS_AUTH_STAFF_PASSWORD: 'not-the-password' }),
    secrets: () => [symphony.credentials.staffPassword],
    patron: (note = 'valid') =>
      patronOf(note, symphony.patrons, (patron) => ({ barcode: patron.barcode, pin: patron.pin })),
    readablePath: () => `user/patron/key/${symphony.patrons[0]?.patronKey}`,
  },
  evergreen: {
    flags: () => ['--base-url', evergreen.url, '--username', evergreen.credentials.username],
    env: () => ({ ILS_AUTH_PASSWORD: evergreen.credentials.password }),
    wrongEnv: () => ({ ILS_AUTH_PASSWORD: 'not-the-password' }),
    secrets: () => [evergreen.credentials.password],
    patron: (note = 'valid') =>
      patronOf(
        note,
        evergreen.users.filter((user) => user.kind === 'patron'),
        (user) => ({ barcode: user.barcode, pin: user.password }),
      ),
    readablePath: () => 'osrf-gateway-v1?service=open-ils.auth&method=open-ils.auth.session.retrieve',
  },
};

/** `{ 'base-url': u }` → `['--base-url', u]`. */
function flagsOf(flags: Record<string, string>): string[] {
  return Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value]);
}

/** The seeded patron whose note starts with `note`. */
function patronOf<T extends { note: string }>(
  note: string,
  patrons: readonly T[],
  card: (patron: T) => { barcode: string; pin: string },
): { barcode: string; pin: string } {
  const patron = patrons.find((candidate) => candidate.note.startsWith(note));
  if (!patron) throw new Error(`the emulator seeded no patron noted "${note}"`);
  return card(patron);
}

describe.each(Object.keys(SYSTEMS))('ils-auth … %s', (name) => {
  const system = SYSTEMS[name] as SystemUnderTest;

  it('token prints the credential kind and expiry, never the credential', async () => {
    const result = await runCli(['token', name, ...system.flags()], system.env());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed.system).toBe(name);
    if (name === 'alma') {
      expect(printed.credential).toBe('static key');
    } else {
      expect(printed.credential).toBe('session');
      expect(printed.expires_in).toBeGreaterThan(0);
      expect(Date.parse(String(printed.expires_at))).toBeGreaterThan(Date.now());
    }
    expectNoSecret(result, ...system.secrets());
  });

  it('request makes an authenticated call', async () => {
    const result = await runCli(['request', name, system.readablePath(), ...system.flags()], system.env());
    expect(result.stderr).toMatch(/^HTTP 200/);
    expect(result.code).toBe(0);
    expectNoSecret(result, ...system.secrets());
  });

  it('token and request with a wrong application secret are refused (exit 3), naming no secret', async () => {
    const token = await runCli(['token', name, ...system.flags()], system.wrongEnv());
    const request = await runCli(
      ['request', name, system.readablePath(), ...system.flags()],
      system.wrongEnv(),
    );
    if (name === 'alma') {
      // A static key is not checked until it is used.
      expect(token.code).toBe(0);
    } else {
      expect(token.code).toBe(3);
      expect(token.stderr).toMatch(/^ils-auth: invalid_client: /);
    }
    expect(request.code).toBe(3);
    for (const result of [token, request]) expectNoSecret(result, ...system.secrets(), 'not-the-');
  });

  it('login signs the patron in (PIN on stdin) and prints the normalised profile', async () => {
    const patron = system.patron();
    const result = await runCliWithStdin(
      ['login', name, '--barcode', patron.barcode, ...system.flags()],
      system.env(),
      `${patron.pin}\n`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const profile = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(profile.provider).toBe(name);
    expect(typeof profile.id).toBe('string');
    // Every emulator seeds Rita Reader as its first, valid patron.
    expect(profile.name).toMatch(/Rita/);
    expect(profile.raw).toBeUndefined();
    expectNoSecret(result, ...system.secrets(), patron.pin);
  });

  it('login with a wrong PIN is invalid_credentials (exit 3)', async () => {
    const patron = system.patron();
    const result = await runCli(['login', name, '--barcode', patron.barcode, ...system.flags()], {
      ...system.env(),
      ILS_AUTH_PIN: 'Wrong-Pin-9',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^ils-auth: invalid_credentials: /);
    expect(result.stdout).toBe('');
    expectNoSecret(result, ...system.secrets(), 'Wrong-Pin-9');
  });

  it("login of a blocked patron prints the system's blocks in the profile", async () => {
    const patron = system.patron('blocked');
    const result = await runCli(['login', name, '--barcode', patron.barcode, ...system.flags()], {
      ...system.env(),
      ILS_AUTH_PIN: patron.pin,
    });
    expect(result.code).toBe(0);
    const profile = JSON.parse(result.stdout) as { blocks?: unknown[] };
    expect(profile.blocks?.length).toBeGreaterThan(0);
    expectNoSecret(result, ...system.secrets(), patron.pin);
  });

  it('doctor passes every check, the test patron included', async () => {
    const patron = system.patron();
    const result = await runCli(['doctor', name, '--barcode', patron.barcode, ...system.flags()], {
      ...system.env(),
      ILS_AUTH_PIN: patron.pin,
    });
    expect(result.code).toBe(0);
    const outcomes = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/).slice(0, 2).join(' '));
    expect(outcomes).toEqual([
      'ok reach',
      name === 'alma' ? 'skip credential' : 'ok credential',
      'ok patron-pin',
      'ok patron',
    ]);
    expectNoSecret(result, ...system.secrets(), patron.pin);
  });

  it('doctor fails on a wrong application secret (exit 3) and skips what needs it', async () => {
    const result = await runCli(['doctor', name, ...system.flags()], system.wrongEnv());
    expect(result.code).toBe(3);
    const failedLine = result.stdout.split('\n').find((line) => line.startsWith('fail'));
    expect(failedLine).toMatch(
      name === 'alma' ? /patron-pin\s+invalid_client/ : /credential\s+invalid_client/,
    );
    expectNoSecret(result, ...system.secrets(), 'not-the-');
  });

  it('refuses a secret on the command line', async () => {
    const result = await runCli(
      ['token', name, ...system.flags(), '--password', 'on-the-command-line'],
      system.env(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/never from --password/);
  });
});

describe('ils-auth request evergreen --service', () => {
  it('makes a gateway call with the authtoken as its first param and prints the first result', async () => {
    const patron = evergreen.users.find((user) => user.kind === 'patron');
    const result = await runCli(
      [
        'request',
        'evergreen',
        '--service',
        'open-ils.actor',
        '--method',
        'open-ils.actor.user.fines.summary',
        '--param',
        String(patron?.id),
        ...SYSTEMS.evergreen!.flags(),
      ],
      SYSTEMS.evergreen!.env(),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).not.toBeNull();
  });

  it('a --param that is not JSON is a usage error (exit 2)', async () => {
    const result = await runCli(
      ['request', 'evergreen', '--service', 'open-ils.actor', '--method', 'm', '--param', 'not json'].concat(
        SYSTEMS.evergreen!.flags(),
      ),
      SYSTEMS.evergreen!.env(),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--param: not valid JSON/);
  });

  it('an unknown method is a typed provider error (exit 3)', async () => {
    const result = await runCli(
      [
        'request',
        'evergreen',
        '--service',
        'open-ils.actor',
        '--method',
        'open-ils.actor.no.such.method',
      ].concat(SYSTEMS.evergreen!.flags()),
      SYSTEMS.evergreen!.env(),
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(
      /^ils-auth: provider_error: the open-ils\.actor\.no\.such\.method failed in OpenSRF \(404\)/,
    );
  });
});

describe('ils-auth doctor polaris with a wrong staff password', () => {
  it('tries the staff login once, never again (Polaris locks accounts)', async () => {
    polaris.controls.clearLogins();
    const result = await runCli(
      ['doctor', 'polaris', ...SYSTEMS.polaris!.flags()],
      SYSTEMS.polaris!.wrongEnv(),
    );
    expect(result.code).toBe(3);
    const staff = polaris.controls.logins().staff;
    expect((staff?.failed ?? 0) + (staff?.locked ?? 0)).toBe(1);
    expect(staff?.ok ?? 0).toBe(0);
    polaris.controls.clearLockouts();
  });

  it('a healthy doctor run signs the staff user in once for every check', async () => {
    polaris.controls.clearLogins();
    const patron = SYSTEMS.polaris!.patron();
    const result = await runCli(
      ['doctor', 'polaris', '--barcode', patron.barcode, ...SYSTEMS.polaris!.flags()],
      {
        ...SYSTEMS.polaris!.env(),
        ILS_AUTH_PIN: patron.pin,
      },
    );
    expect(result.code).toBe(0);
    expect(polaris.controls.logins().staff).toMatchObject({ ok: 1, failed: 0 });
  });
});

describe('usage and outages', () => {
  it('names a missing flag and a missing secret (exit 2)', async () => {
    const noTenant = await runCli(['token', 'folio', '--okapi-url', folio.url, '--username', 'x'], {
      ILS_AUTH_PASSWORD: 'p',
    });
    expect(noTenant.code).toBe(2);
    expect(noTenant.stderr).toBe('ils-auth: usage: folio needs --tenant\n');
    const noKey = await runCli(['login', 'alma', '--barcode', '1', '--api-url', alma.apiUrl], {
      ILS_AUTH_PIN: '1',
    });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toBe('ils-auth: usage: alma needs env ILS_AUTH_API_KEY\n');
  });

  it("refuses another system's flags (exit 2)", async () => {
    const tenantForAlma = await runCli(['token', 'alma', '--api-url', alma.apiUrl, '--tenant', 'diku'], {
      ILS_AUTH_API_KEY: alma.credentials.apiKey,
    });
    expect(tenantForAlma.code).toBe(2);
    expect(tenantForAlma.stderr).toMatch(/--tenant does not apply to alma/);
    const tenantForSierra = await runCli(['token', 'sierra', '--base-url', alma.url, '--tenant', 'diku'], {
      ILS_AUTH_CLIENT_ID: 'id',
      ILS_AUTH_CLIENT_SECRET: 'secret',
    });
    expect(tenantForSierra.code).toBe(2);
    expect(tenantForSierra.stderr).toMatch(/--tenant applies to folio, polaris, symphony, alma or evergreen/);
    const serviceForFolio = await runCli(
      ['request', 'folio', '--service', 'open-ils.actor', '--method', 'x', ...SYSTEMS.folio!.flags()],
      SYSTEMS.folio!.env(),
    );
    expect(serviceForFolio.code).toBe(2);
    expect(serviceForFolio.stderr).toMatch(/--service and --param apply to evergreen only/);
  });

  it('a system that answers 503 is unavailable (exit 4); a closed port fails doctor reach (exit 4)', async () => {
    folio.controls.inject({ status: 503, times: 50 });
    try {
      const result = await runCli(
        ['token', 'folio', ...SYSTEMS.folio!.flags(), '--timeout', '3'],
        SYSTEMS.folio!.env(),
      );
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/^ils-auth: provider_unavailable: /);
    } finally {
      folio.controls.clearFaults();
    }
    const closed = await startAlmaEmulator();
    const apiUrl = closed.apiUrl;
    await closed.close();
    const doctor = await runCli(['doctor', 'alma', '--api-url', apiUrl], { ILS_AUTH_API_KEY: 'k' });
    expect(doctor.code).toBe(4);
    expect(doctor.stdout).toMatch(/^fail\s+reach\s+http:\/\/127\.0\.0\.1:\d+ could not be reached/m);
  });
});

describe('help', () => {
  it.each(['token', 'request', 'login', 'doctor'])(
    '%s --help names the five systems, their flags and env secrets',
    async (command) => {
      const result = await runCli([command, '--help']);
      expect(result.code).toBe(0);
      for (const word of [
        'folio',
        'polaris',
        'symphony',
        'alma',
        'evergreen',
        '--okapi-url',
        '--staff-login',
      ]) {
        expect(result.stdout).toContain(word);
      }
      for (const variable of ['ILS_AUTH_ACCESS_KEY', 'ILS_AUTH_STAFF_PASSWORD', 'ILS_AUTH_API_KEY']) {
        expect(result.stdout).toContain(variable);
      }
    },
  );

  it('request --help documents the Evergreen gateway call', async () => {
    const result = await runCli(['request', '--help']);
    expect(result.stdout).toMatch(/request evergreen --service S --method M \[--param JSON …\]/);
  });
});
