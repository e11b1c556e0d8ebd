import {
  failureLocation,
  invalidOption,
  isLocalPath,
  publicFailureCode,
  safeReturnTo,
  wantsJson,
} from '@ils-auth/core/web';
import { type StrategyRequest, toWebRequest } from './web-request.js';

export interface FailureRedirectOptions {
  /** The application's page for failed sign-ins, a path on this site (the sign-in form). */
  failureRedirect: string;
  /** The strategy's name, handed to the page as `provider` so it can show the right form. */
  provider?: string;
  /** Where the patron was going (a local path, else left out), handed back as `returnTo`. */
  returnTo?: unknown;
}

/**
 * Where a page whose sign-in failed goes, with a code it may show: `/login?error=invalid_credentials
 * &provider=sierra&returnTo=/account`, as the Express router and the NestJS module send it. Passport's own
 * `failureRedirect` drops the reason; call this from a custom callback with the `info` the strategy failed
 * with. The code is core's safe one (`invalid_credentials`, `rate_limited`, `state_mismatch`, your
 * verify's `card_expired`, …, else `sign_in_failed`); never the message. Undefined when the caller wants
 * JSON (it sent JSON, or ranks JSON above HTML): answer `info` as JSON then.
 */
export function failureRedirectFor(
  req: StrategyRequest,
  info: unknown,
  options: FailureRedirectOptions,
): string | undefined {
  if (!isLocalPath(options?.failureRedirect))
    throw invalidOption('failureRedirectFor', 'failureRedirect', 'must be a path on this site');
  if (wantsJson(toWebRequest(req))) return undefined;
  const returnTo = options.returnTo === undefined ? '' : safeReturnTo(options.returnTo, '');
  return failureLocation(options.failureRedirect, publicFailureCode((info as { code?: unknown })?.code), {
    provider: options.provider,
    returnTo: returnTo || undefined,
  });
}
