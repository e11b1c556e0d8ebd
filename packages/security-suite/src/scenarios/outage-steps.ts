import { randomBytes } from 'node:crypto';
import type { Answer } from '@ils-auth/test-support';
import { CookieJar } from '../cookie-jar.js';
import type { Harness, HarnessEnvironment } from '../harness.js';

/** Runs `during` while the row's store cannot answer, and brings the store back whatever happens. */
export async function duringStoreOutage<T>(
  environment: HarnessEnvironment,
  during: () => Promise<T>,
): Promise<T> {
  await environment.storeOutage.begin();
  try {
    return await during();
  } finally {
    await environment.storeOutage.end();
  }
}

/** The answer removes the harness's session cookie from the browser (an empty value or `Max-Age=0`). */
export function clearsSessionCookie(harness: Harness, answer: Answer): boolean {
  return harness.sessionCookie !== undefined && clearsCookie(harness.sessionCookie, answer);
}

/** The answer removes the cookie `name` from the browser. */
export function clearsCookie(name: string, answer: Answer): boolean {
  return answer.setCookies.some((header) => {
    const [pair = ''] = header.split(';');
    return pair.trim() === `${name}=` || (pair.startsWith(`${name}=`) && /;\s*max-age=0\b/i.test(header));
  });
}

/** `Retry-After` in seconds, NaN when absent. */
export function retryAfter(answer: Answer): number {
  const value = answer.headers['retry-after'];
  return typeof value === 'string' ? Number(value) : Number.NaN;
}

/** A browser holding a well-formed session cookie for `card` that no sign-in ever made. */
export function unknownSessionJar(harness: Harness): CookieJar {
  const name = harness.sessionCookie ?? 'ils_session';
  return new CookieJar([[name, `card.${randomBytes(32).toString('base64url')}`]]);
}
