import {
  createClient,
  createPatronAuth,
  type IlsAuthError,
  isIlsAuthError,
  MemoryStore,
  type PatronAuth,
  type ProviderDescriptor,
} from '@ils-auth/core';
import { type AppAuthSystemName, buildAppAuthProvider } from '../app-auth-systems.js';
import { EXIT, type ExitCode, exitCodeForError } from '../exit-codes.js';
import { CLI_USER_AGENT } from '../grant-context.js';
import type { CliIo } from '../io.js';
import { type ParsedValues, stringOption, timeoutMs } from '../options.js';
import { readPin } from '../read-secret-line.js';
import { reportVerdicts, type Verdict } from './verdict.js';

/** A card and PIN no library issued: a PIN check that works refuses them as a wrong card or PIN. */
const MADE_UP = { barcode: 'ils-auth-doctor-no-such-card', pin: 'ils-auth-doctor-no-such-pin' };

const NEEDS_CREDENTIAL = 'needs the application credential (see the credential check)';

/**
 * `ils-auth doctor <folio|polaris|symphony|alma|evergreen>`: reachability, the application's credential,
 * the PIN check with a made-up card and, with `--barcode`, one test patron. A refused staff login is a
 * failure at once, never retried and ending the run: Polaris locks a staff account after three.
 */
export async function appAuthDoctor(
  system: AppAuthSystemName,
  values: ParsedValues,
  io: CliIo,
): Promise<ExitCode> {
  const provider = buildAppAuthProvider(system, values, io.env);
  const barcode = stringOption(values, 'barcode');
  const pin = barcode === undefined ? undefined : await readPin(io, `doctor ${system} --barcode`);
  const timeout = timeoutMs(values);
  // One store for the client and the patron checks, so they share one staff session.
  const options = {
    userAgent: CLI_USER_AGENT,
    timeoutMs: timeout,
    requestTimeoutMs: timeout,
    store: new MemoryStore(),
  };
  const verdicts: Verdict[] = [await reachability(provider, timeout)];
  if (verdicts[0]?.outcome !== 'ok') return reportVerdicts(verdicts, io);
  const credential = await credentialCheck(provider, options);
  verdicts.push(credential);
  if (credential.outcome === 'fail') {
    verdicts.push({ check: 'patron-pin', outcome: 'skip', detail: NEEDS_CREDENTIAL });
    if (barcode !== undefined) verdicts.push({ check: 'patron', outcome: 'skip', detail: NEEDS_CREDENTIAL });
    return reportVerdicts(verdicts, io);
  }
  const auth = createPatronAuth(provider, options);
  const madeUp = await signInError(auth, MADE_UP.barcode, MADE_UP.pin);
  verdicts.push(
    madeUp?.code === 'invalid_credentials'
      ? {
          check: 'patron-pin',
          outcome: 'ok',
          detail: `${provider.displayName} refused a made-up card as a wrong card or PIN`,
        }
      : madeUp === undefined
        ? {
            check: 'patron-pin',
            outcome: 'fail',
            detail: 'the PIN check accepted a card and PIN that no library issued',
            exitCode: EXIT.refused,
          }
        : failed('patron-pin', madeUp),
  );
  if (barcode !== undefined && pin !== undefined) {
    const refused = await signInError(auth, barcode, pin);
    verdicts.push(
      refused === undefined
        ? { check: 'patron', outcome: 'ok', detail: 'the test patron signed in' }
        : failed('patron', refused),
    );
  }
  return reportVerdicts(verdicts, io);
}

/** Signs in and out again; the typed error of a refused sign-in, or undefined when it succeeded. */
async function signInError(
  auth: PatronAuth,
  barcode: string,
  pin: string,
): Promise<IlsAuthError | undefined> {
  try {
    const session = await auth.login({ barcode, pin });
    await auth.logout(session.id);
    return undefined;
  } catch (error) {
    if (!isIlsAuthError(error)) throw error;
    return error;
  }
}

/** Any HTTP answer from the API base shows the host is there; what it says is the other checks' matter. */
async function reachability(provider: ProviderDescriptor, timeout: number): Promise<Verdict> {
  const base = provider.endpoints.apiBase ?? provider.endpoints.token;
  try {
    const response = await fetch(base, { signal: AbortSignal.timeout(timeout), redirect: 'manual' });
    await response.body?.cancel();
    return {
      check: 'reach',
      outcome: 'ok',
      detail: `${new URL(base).origin} answered HTTP ${response.status}`,
    };
  } catch (error) {
    const why =
      error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    return {
      check: 'reach',
      outcome: 'fail',
      detail: `${new URL(base).origin} ${why}`,
      exitCode: EXIT.unavailable,
    };
  }
}

async function credentialCheck(
  provider: ProviderDescriptor,
  options: Parameters<typeof createClient>[1],
): Promise<Verdict> {
  if (provider.appAuth?.scheme === 'static-key')
    return { check: 'credential', outcome: 'skip', detail: 'a static key: the patron-pin check uses it' };
  try {
    const tokens = await createClient(provider, options).getTokenSet();
    const seconds = Math.round(tokens.remainingMs(Date.now()) / 1000);
    return {
      check: 'credential',
      outcome: 'ok',
      detail: `the staff session was obtained (valid for ${seconds} s)`,
    };
  } catch (error) {
    if (!isIlsAuthError(error)) throw error;
    return failed('credential', error);
  }
}

function failed(
  check: string,
  error: { code: Parameters<typeof exitCodeForError>[0]; message: string },
): Verdict {
  return {
    check,
    outcome: 'fail',
    detail: `${error.code}: ${error.message}`,
    exitCode: exitCodeForError(error.code),
  };
}
