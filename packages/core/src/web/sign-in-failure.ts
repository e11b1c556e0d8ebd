import type { WebRedirect } from './engine/web-redirect.js';
import { cookiesOf } from './error-cookies.js';
import { wantsJson } from './negotiation.js';
import { publicErrorCode } from './public-error-code.js';
import { asciiLocation, withQuery } from './return-to.js';
import { SIGN_IN_HEADERS } from './sign-in-headers.js';
import type { WebRequest } from './web-request.js';

/**
 * A failed sign-in answered to a browser page (a form post, the provider's redirect back): 303 to the
 * application's `failureRedirect` page with a code the page may show (`?error=invalid_credentials`), the
 * provider's name and where the patron was going, so the form can be shown again. Never the message:
 * it is the JSON answer's. Undefined when the caller wants JSON (see `wantsJson`) or there is no page.
 */
export function signInFailureRedirect(
  request: WebRequest,
  failureRedirect: string | undefined,
  error: unknown,
  context: { provider: string; returnTo?: string | undefined },
): WebRedirect | undefined {
  if (failureRedirect === undefined || wantsJson(request)) return undefined;
  const location = failureLocation(failureRedirect, publicErrorCode(error), context);
  return { status: 303, location, headers: SIGN_IN_HEADERS, cookies: cookiesOf(error) };
}

/**
 * `<failureRedirect>?error=<code>&provider=<name>&returnTo=<path>`: `code` must be a public one
 * (`publicErrorCode`, `publicFailureCode`), `returnTo` a local path.
 */
export function failureLocation(
  failureRedirect: string,
  code: string,
  context: { provider?: string | undefined; returnTo?: string | undefined },
): string {
  let location = withQuery(failureRedirect, 'error', code);
  if (context.provider !== undefined) location = withQuery(location, 'provider', context.provider);
  if (context.returnTo !== undefined) location = withQuery(location, 'returnTo', context.returnTo);
  return asciiLocation(location);
}
