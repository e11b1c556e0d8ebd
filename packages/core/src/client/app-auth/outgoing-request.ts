import type { TokenSet } from '../../tokens/token-set.js';

/** One API call as it is about to leave: what an app-auth scheme may change to prove who is calling. */
export interface OutgoingRequest {
  /** Absolute URL, already resolved against the API base. */
  url: string;
  /** Upper case. */
  method: string;
  /** The caller's headers plus `User-Agent`; the scheme adds its own. */
  headers: Headers;
  /** The caller's body, never modified in place: a scheme that adds to it returns a new one (Evergreen). */
  body?: RequestInit['body'];
}

/**
 * Puts the application's credential on one request: a header (`Authorization: apikey …`,
 * `X-Okapi-Token`), a path segment (Polaris's staff token), a signature over the request, or the first
 * parameter of a form body (Evergreen's gateway). `token` is
 * what the scheme's lifecycle hands out (a session token, or the static key wrapped as one); the
 * function returns the request to send and never logs it.
 */
export type CredentialAttachment = (token: TokenSet, request: OutgoingRequest) => OutgoingRequest;
