import { isIlsAuthError } from '../errors/ils-auth-error.js';
import { publishEvent } from '../observability/events.js';
import type { PatronAuth } from '../patrons/create-patron-auth.js';
import type { PatronSession } from '../patrons/patron-session.js';
import type { LoginThrottle } from './login-throttle.js';

const REFUSED: ReadonlySet<string> = new Set(['invalid_credentials', 'password_expired']);

/**
 * Core's `login()` behind the PIN throttle: the attempt is counted per normalised card and per client IP
 * before the provider sees the PIN, stays counted when the PIN was wrong, and is given back when the
 * provider could not answer. Every shim's PIN sign-in goes through here, so the bookkeeping is one rule.
 */
export async function throttledLogin(
  auth: PatronAuth,
  throttle: LoginThrottle | undefined,
  credentials: { barcode?: unknown; pin?: unknown },
  clientIp: string | undefined,
): Promise<PatronSession> {
  const { barcode, pin } = credentials;
  // Anything that is not a usable barcode is refused by core's login without reaching the provider.
  const provider = auth.provider.id;
  let attempt: Awaited<ReturnType<LoginThrottle['reserve']>> | undefined;
  try {
    attempt =
      throttle && typeof barcode === 'string' && barcode.trim() !== '' && barcode.length <= 128
        ? await throttle.reserve(provider, barcode, clientIp)
        : undefined;
  } catch (error) {
    if (isIlsAuthError(error) && error.code === 'rate_limited')
      publishEvent({ type: 'signin.throttled', provider, retryAfterSeconds: error.retryAfter });
    throw error;
  }
  let session: PatronSession;
  try {
    session = await auth.login(
      { barcode, pin } as { barcode: string; pin?: string },
      clientIp ? { clientIp } : {},
    );
  } catch (error) {
    // A refused password counts, expired or not: an expired one still answers a guess.
    if (isIlsAuthError(error) && REFUSED.has(error.code)) await attempt?.failed();
    else await attempt?.abandoned();
    publishEvent({
      type: 'signin.failed',
      provider,
      code: isIlsAuthError(error) ? error.code : 'unexpected',
    });
    throw error;
  }
  await attempt?.succeeded();
  publishEvent({ type: 'signin.succeeded', provider });
  return session;
}
