import { IlsAuthError } from '@ils-auth/core';
import type { EmulatorOptions } from '@ils-auth/emulator';
import * as emulators from '@ils-auth/emulator';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { type ParsedValues, parseCommandLine, printHelpIfAsked, stringOption } from '../options.js';
import { UsageError } from '../usage-error.js';

export const EMULATOR_HELP = `Usage: ils-auth emulator [--only sierra,overdrive,rero,koha,sip2,folio,polaris,symphony,alma,evergreen]
                         [--port N] [--token-ttl SECONDS]
                         [--sip2-tls] [--sip2-flavour NAME] [--sip2-encoding NAME]

Starts the Sierra, OverDrive, RERO ILS, Koha, FOLIO, Polaris, Symphony, Alma and Evergreen emulators and the
SIP2 server of @ils-auth/emulator on 127.0.0.1 and prints one JSON line per system on stdout: its URLs
(SIP2: host, port and, with TLS, the test CA's PEM), test credentials and seeded patrons (public test data).
Runs until Ctrl-C (SIGINT) or SIGTERM, then closes every server and exits 0.

Options:
  --only LIST           comma-separated systems to start (default: all, in the order above)
  --port N              first port; the started systems take N, N+1, … in that order (default: free ports)
  --token-ttl SECONDS   lifetime of the access tokens (and staff sessions) they issue (default: each system's)
  --sip2-tls            SIP2 over implicit TLS, with a test certificate for 127.0.0.1 and localhost
  --sip2-flavour NAME   whose habits the SIP2 server copies: generic (default), koha, evergreen, polaris, sierra
  --sip2-encoding NAME  utf-8 (default) or windows-1252
  -h, --help            show help

Exit codes: 0 stopped cleanly, 2 usage (or port in use), 1 unexpected.`;

const EMULATOR_OPTIONS = {
  only: { type: 'string' },
  port: { type: 'string' },
  'token-ttl': { type: 'string' },
  'sip2-tls': { type: 'boolean' },
  'sip2-flavour': { type: 'string' },
  'sip2-encoding': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SYSTEMS = [
  'sierra',
  'overdrive',
  'rero',
  'koha',
  'sip2',
  'folio',
  'polaris',
  'symphony',
  'alma',
  'evergreen',
] as const;
const SIP2_FLAVOURS = ['generic', 'koha', 'evergreen', 'polaris', 'sierra'] as const;
const SIP2_ENCODINGS = ['utf-8', 'windows-1252'] as const;
type System = (typeof SYSTEMS)[number];

/** A started emulator as this command uses it: what to print, and how to stop it. */
interface Running {
  description: Record<string, unknown>;
  /** A first command to try against it, with placeholders for the credentials of the JSON line. */
  tryIt: string;
  close(): Promise<void>;
}

export async function emulatorCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandLine(args, EMULATOR_OPTIONS, 'emulator');
  if (printHelpIfAsked(values, EMULATOR_HELP, io)) return EXIT.ok;
  if (positionals.length > 0)
    throw new UsageError('emulator takes no arguments (see ils-auth emulator --help)');
  const systems = parseOnly(stringOption(values, 'only'));
  const firstPort = parseWholeNumber(stringOption(values, 'port'), '--port', 65_536 - systems.length);
  const tokenTtl = parseWholeNumber(stringOption(values, 'token-ttl'), '--token-ttl', 10 * 365 * 24 * 3600);
  const sip2 = parseSip2Options(values);

  // Listen before starting, so a signal that arrives during start-up still closes what was started.
  const stop = stopSignal(io.signal);
  const running: Running[] = [];
  try {
    for (const [index, system] of systems.entries()) {
      const options: EmulatorOptions = {
        ...(firstPort !== undefined && firstPort !== 0 ? { port: firstPort + index } : {}),
        ...(tokenTtl !== undefined ? { tokenTtlSeconds: tokenTtl } : {}),
      };
      running.push(await start(system, options, sip2));
    }
    for (const { description } of running) io.stdout.write(`${JSON.stringify(description)}\n`);
    io.stderr.write(hint(running));
    await stop.promise;
  } finally {
    stop.dispose();
    await Promise.allSettled(running.map((emulator) => emulator.close()));
  }
  return EXIT.ok;
}

function parseOnly(raw: string | undefined): System[] {
  if (raw === undefined) return [...SYSTEMS];
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`--only: name at least one of ${SYSTEMS.join(', ')}`);
  for (const name of names) {
    if (!(SYSTEMS as readonly string[]).includes(name))
      throw new UsageError(`--only: expected a comma-separated list of ${SYSTEMS.join(', ')}`);
  }
  // Always in the documented order, so --port N gives sierra N, overdrive N+1, rero N+2, koha N+3.
  return SYSTEMS.filter((system) => names.includes(system));
}

function parseSip2Options(values: ParsedValues): emulators.Sip2EmulatorOptions {
  const flavour = oneOf(stringOption(values, 'sip2-flavour'), '--sip2-flavour', SIP2_FLAVOURS);
  const encoding = oneOf(stringOption(values, 'sip2-encoding'), '--sip2-encoding', SIP2_ENCODINGS);
  return {
    ...(values['sip2-tls'] === true ? { tls: true } : {}),
    ...(flavour === undefined ? {} : { flavour }),
    ...(encoding === undefined ? {} : { encoding }),
  };
}

function oneOf<T extends string>(
  raw: string | undefined,
  flag: string,
  allowed: readonly T[],
): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`${flag}: expected one of ${allowed.join(', ')}`);
  return raw as T;
}

function parseWholeNumber(raw: string | undefined, flag: string, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > max)
    throw new UsageError(`${flag}: expected a whole number from 0 to ${max}`);
  return value;
}

async function start(
  system: System,
  options: EmulatorOptions,
  sip2: emulators.Sip2EmulatorOptions,
): Promise<Running> {
  try {
    switch (system) {
      case 'sierra':
        return describeSierra(await emulators.startSierra(options));
      case 'overdrive':
        return describeOverDrive(await emulators.startOverDrive(options));
      case 'rero':
        return describeRero(await emulators.startRero(options));
      case 'koha':
        return describeKoha(await emulators.startKoha(options));
      case 'sip2':
        return describeSip2(await emulators.startSip2Emulator({ ...sip2, port: options.port ?? 0 }));
      case 'folio':
        return describeFolio(await emulators.startFolioEmulator(options));
      case 'polaris':
        return describePolaris(await emulators.startPolarisEmulator(options));
      case 'symphony':
        return describeSymphony(await emulators.startSymphonyEmulator(options));
      case 'alma':
        return describeAlma(await emulators.startAlmaEmulator(options));
      case 'evergreen':
        return describeEvergreen(await emulators.startEvergreenEmulator(options));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      throw new IlsAuthError(
        'config_invalid',
        `${system} emulator: port ${options.port ?? 0} is already in use`,
      );
    }
    throw error;
  }
}

function describeSierra(emulator: emulators.SierraEmulator): Running {
  return {
    description: {
      system: 'sierra',
      url: emulator.url,
      tokenUrl: emulator.tokenUrl,
      authorizeUrl: emulator.authorizeUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      patrons: emulator.patrons.map((patron) => ({
        id: patron.id,
        barcode: patron.barcodes[0],
        pin: patron.pin,
        name: patron.names[0],
        note: patron.note,
      })),
    },
    tryIt: `ils-auth token sierra --base-url ${emulator.url} --client-id <clientId> --client-secret <clientSecret>`,
    close: () => emulator.close(),
  };
}

function describeOverDrive(emulator: emulators.OverDriveEmulator): Running {
  return {
    description: {
      system: 'overdrive',
      url: emulator.url,
      oauthUrl: emulator.oauthUrl,
      tokenUrl: emulator.tokenUrl,
      patronOauthUrl: emulator.patronOauthUrl,
      patronTokenUrl: emulator.patronTokenUrl,
      apiUrl: emulator.apiUrl,
      patronApiUrl: emulator.patronApiUrl,
      ...emulator.credentials,
      pinlessWebsiteId: emulator.pinlessWebsiteId,
      libraryId: emulator.libraryId,
      patrons: emulator.patrons.map((patron) => ({
        cardNumber: patron.cardNumber,
        ...(patron.pin !== undefined ? { pin: patron.pin } : {}),
        note: patron.note,
      })),
    },
    tryIt: `ils-auth token overdrive --oauth-url ${emulator.oauthUrl} --client-id <clientId> --client-secret <clientSecret>`,
    close: () => emulator.close(),
  };
}

function describeRero(emulator: emulators.ReroEmulator): Running {
  return {
    description: {
      system: 'rero',
      url: emulator.url,
      authorizeUrl: emulator.authorizeUrl,
      tokenUrl: emulator.tokenUrl,
      patronInfoUrl: emulator.patronInfoUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      patrons: emulator.patrons.map((patron) => ({
        email: patron.email,
        password: patron.password,
        barcode: patron.barcode,
        name: `${patron.firstName} ${patron.lastName}`,
      })),
    },
    // RERO ILS has no client credentials grant: a patron signs in at authorizeUrl, the code is exchanged.
    tryIt: `ils-auth token rero --base-url ${emulator.url} --code=<code from a sign-in at ${emulator.authorizeUrl}> --redirect-uri <its redirect_uri>`,
    close: () => emulator.close(),
  };
}

function describeKoha(emulator: emulators.KohaEmulator): Running {
  return {
    description: {
      system: 'koha',
      url: emulator.url,
      tokenUrl: emulator.tokenUrl,
      apiUrl: emulator.apiUrl,
      ...emulator.credentials,
      patrons: emulator.patrons.map((patron) => ({
        patronId: patron.patron_id,
        cardnumber: patron.cardnumber,
        name: `${patron.firstname} ${patron.surname}`,
      })),
    },
    tryIt: `ils-auth token koha --base-url ${emulator.url} --client-id <clientId> --client-secret <clientSecret>`,
    close: () => emulator.close(),
  };
}

function describeSip2(emulator: emulators.Sip2Emulator): Running {
  return {
    description: {
      system: 'sip2',
      host: emulator.host,
      port: emulator.port,
      tls: emulator.ca !== undefined,
      ...(emulator.ca === undefined ? {} : { ca: emulator.ca }),
      ...emulator.credentials,
      patrons: Object.entries(emulator.patrons).map(([state, patron]) => ({
        state,
        barcode: patron.barcode,
        pin: patron.pin,
        name: patron.name,
        note: patron.note,
      })),
      unknownBarcode: emulator.unknownBarcode,
    },
    tryIt:
      emulator.ca === undefined
        ? 'SIP2 is on plain TCP; --sip2-tls serves implicit TLS with a test CA (its PEM is then the "ca" of the line).'
        : 'SIP2 is on implicit TLS: save the "ca" PEM of its JSON line to a file and trust it (Node: tls ca option).',
    close: () => emulator.close(),
  };
}

/**
 * What a system that speaks no OAuth offers to try: a patron sign-in through core, whose descriptor takes
 * the JSON line's fields as they are named there (`ils-auth token` and `request` take OAuth systems only).
 */
function signInHint(factory: string, line: string, patron: string): string {
  return `${factory}: createPatronAuth(${factory}({ ${line} })).login({ barcode: '${patron}', pin: <its pin> }) in @ils-auth/core`;
}

function describeFolio(emulator: emulators.FolioEmulator): Running {
  const patrons = emulator.users.filter((user) => user.kind === 'patron');
  return {
    description: {
      system: 'folio',
      url: emulator.url,
      okapiUrl: emulator.url,
      ...emulator.credentials,
      // A FOLIO patron signs in with a user name (or, with patronLoginField: 'barcode', the card) and password.
      patrons: patrons.map((user) => ({
        id: user.id,
        username: user.username,
        barcode: user.barcode,
        password: user.password,
        name: `${user.personal.firstName} ${user.personal.lastName}`,
        note: user.note,
      })),
    },
    tryIt: signInHint('folio', 'okapiUrl, tenant, username, password', patrons[0]?.username ?? '<username>'),
    close: () => emulator.close(),
  };
}

function describePolaris(emulator: emulators.PolarisEmulator): Running {
  return {
    description: {
      system: 'polaris',
      url: emulator.url,
      baseUrl: emulator.baseUrl,
      publicUrl: emulator.publicUrl,
      protectedUrl: emulator.protectedUrl,
      ...emulator.credentials,
      patrons: emulator.patrons.map((patron) => ({
        patronId: patron.patronId,
        barcode: patron.barcode,
        pin: patron.password,
        name: `${patron.nameFirst} ${patron.nameLast}`,
        note: patron.note,
      })),
    },
    tryIt: signInHint(
      'polaris',
      'baseUrl, accessId, accessKey, staffDomain, staffUsername, staffPassword',
      emulator.patrons[0]?.barcode ?? '<barcode>',
    ),
    close: () => emulator.close(),
  };
}

function describeSymphony(emulator: emulators.SymphonyEmulator): Running {
  return {
    description: {
      system: 'symphony',
      url: emulator.url,
      baseUrl: emulator.baseUrl,
      ...emulator.credentials,
      patrons: emulator.patrons.map((patron) => ({
        patronKey: patron.patronKey,
        barcode: patron.barcode,
        pin: patron.pin,
        name: `${patron.firstName} ${patron.lastName}`,
        note: patron.note,
      })),
    },
    tryIt: signInHint(
      'symphony',
      'baseUrl, clientId, appId, staffLogin, staffPassword',
      emulator.patrons[0]?.barcode ?? '<barcode>',
    ),
    close: () => emulator.close(),
  };
}

function describeAlma(emulator: emulators.AlmaEmulator): Running {
  return {
    description: {
      system: 'alma',
      url: emulator.url,
      apiUrl: emulator.apiUrl,
      ...emulator.credentials,
      patrons: emulator.users.map((user) => ({
        primaryId: user.primaryId,
        barcode: user.barcode,
        password: user.password,
        name: `${user.firstName} ${user.lastName}`,
        note: user.note,
      })),
    },
    tryIt: signInHint('alma', 'apiUrl, apiKey', emulator.users[0]?.barcode ?? '<barcode>'),
    close: () => emulator.close(),
  };
}

function describeEvergreen(emulator: emulators.EvergreenEmulator): Running {
  const patrons = emulator.users.filter((user) => user.kind === 'patron');
  return {
    description: {
      system: 'evergreen',
      url: emulator.url,
      baseUrl: emulator.url,
      gatewayUrl: emulator.gatewayUrl,
      ...emulator.credentials,
      patrons: patrons.map((user) => ({
        id: user.id,
        barcode: user.barcode,
        username: user.usrname,
        password: user.password,
        name: `${user.firstGivenName} ${user.familyName}`,
        note: user.note,
      })),
    },
    tryIt: signInHint('evergreen', 'baseUrl, username, password', patrons[0]?.barcode ?? '<barcode>'),
    close: () => emulator.close(),
  };
}

/** For people: what runs and how to try it. No credentials here: they are in the JSON lines. */
function hint(running: readonly Running[]): string {
  const lines = running.map(
    ({ description }) => `  ${String(description.system).padEnd(10)}${where(description)}`,
  );
  return [
    `ils-auth emulator: ${running.length} emulator(s) on 127.0.0.1 (Ctrl-C stops them):`,
    ...lines,
    'Credentials and test patrons are in the JSON lines on stdout. Try:',
    ...running.map(({ tryIt }) => `  ${tryIt}`),
    '',
  ].join('\n');
}

/** Where a system listens: its URL, or a SIP2 server's host and port and transport. */
function where(description: Record<string, unknown>): string {
  if (description.url !== undefined) return String(description.url);
  return `${String(description.host)}:${String(description.port)} (${description.tls === true ? 'TLS' : 'TCP'})`;
}

/** Resolves on SIGINT, SIGTERM or the caller's abort signal. */
function stopSignal(signal: AbortSignal | undefined): { promise: Promise<void>; dispose(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  const onStop = () => resolve();
  if (signal) {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', onStop, { once: true });
  } else {
    process.once('SIGINT', onStop);
    process.once('SIGTERM', onStop);
  }
  return {
    promise,
    dispose() {
      signal?.removeEventListener('abort', onStop);
      process.removeListener('SIGINT', onStop);
      process.removeListener('SIGTERM', onStop);
    },
  };
}
