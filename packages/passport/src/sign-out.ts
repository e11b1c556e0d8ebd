import type { ServerResponse } from 'node:http';
import { IlsAuthError, type PatronAuth } from '@ils-auth/core';
import {
  assertSameOrigin,
  invalidOption,
  isLocalPath,
  publicOrigin,
  SIGN_IN_HEADERS,
} from '@ils-auth/core/web';
import type { SiteRules } from './strategy-options.js';
import { type StrategyRequest, toWebRequest } from './web-request.js';

/** A strategy whose patrons the sign-out ends: any of this package's. */
export interface SignOutStrategy {
  readonly name: string;
  readonly auth: PatronAuth;
  readonly site: SiteRules;
}

export interface PassportSignOutOptions<Req extends StrategyRequest = StrategyRequest> {
  /** The strategies the patron may have signed in through; each holds the sessions of its provider. */
  strategies: readonly SignOutStrategy[];
  /**
   * The core session ids to end, where the app kept them at sign-in (`patronSession.id`): in `req.user`
   * for a Passport login, in `req.session` for an app that keeps several. The strategy whose store holds
   * each ends it (its tokens revoked at the provider where it can). Called after the same-origin check.
   */
  sessionIds(req: Req): string | readonly (string | undefined)[] | undefined;
  /** Where the browser goes after signing out: a path on this site. Default the strategies' `defaultReturnTo`. */
  afterLogout?: string;
}

/** What Passport 0.6+ adds to every request. */
interface PassportRequest extends StrategyRequest {
  logout?(done: (error?: unknown) => void): void;
}

type Next = (error?: unknown) => void;

/**
 * The sign-out route's handler, with the rules `ilsAuth()` applies to its own: a POST only, refused when
 * another site made the browser send it (core's same-origin rule: `Origin`, else `Sec-Fetch-Site`, else
 * `Referer`; `trustedOrigins` as configured), answered `Cache-Control: no-store`. It ends the user's
 * ils-auth sessions in the store (tokens revoked), then `req.logout()`, then a 303 to `afterLogout`. A
 * refusal or a store that cannot answer goes to `next(error)` as an `IlsAuthError` (403
 * `cross_site_request`, 400 `invalid_request`, 503 `store_unavailable`); the user is signed out of
 * Passport even then, as `ilsAuth()` clears its cookie.
 */
export function passportSignOut<Req extends StrategyRequest = StrategyRequest>(
  options: PassportSignOutOptions<Req>,
): (req: Req, res: ServerResponse, next: Next) => void {
  const site = checkOptions(options);
  const afterLogout = options.afterLogout ?? site.defaultReturnTo;
  return (req, res, next) => {
    for (const [name, value] of Object.entries(SIGN_IN_HEADERS)) res.setHeader(name, value);
    signOut(req, options, site).then(
      (storeError) => {
        if (storeError !== undefined) return next(storeError);
        res.statusCode = 303;
        res.setHeader('location', afterLogout);
        res.end();
      },
      (error: unknown) => next(error),
    );
  };
}

/** Ends the sessions and Passport's login; resolves with a store error that must still be answered. */
async function signOut<Req extends StrategyRequest>(
  req: Req,
  options: PassportSignOutOptions<Req>,
  site: SiteRules,
): Promise<unknown> {
  if (req.method !== 'POST')
    throw new IlsAuthError('invalid_request', 'sign out with a POST from a page of this site', {
      status: 400,
      retryable: false,
    });
  const request = toWebRequest(req);
  assertSameOrigin(request, publicOrigin(request, site.origin, site.allowedHosts), site.trustedOrigins);
  let storeError: unknown;
  try {
    await endSessions(options.strategies, sessionIdsOf(options.sessionIds(req)));
  } catch (error) {
    storeError = error;
  }
  // Passport's own login ends even when the store could not be told, as ilsAuth() clears its cookie.
  await passportLogout(req as PassportRequest);
  return storeError;
}

function sessionIdsOf(ids: string | readonly (string | undefined)[] | undefined): readonly string[] {
  if (ids === undefined) return [];
  return (typeof ids === 'string' ? [ids] : ids).filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
}

/** A session id only names a session: each is ended by the strategy whose store holds it. */
async function endSessions(strategies: readonly SignOutStrategy[], ids: readonly string[]): Promise<void> {
  await Promise.all(
    ids.flatMap((id) =>
      strategies.map(async ({ auth }) => {
        if (await auth.getSession(id)) await auth.logout(id);
      }),
    ),
  );
}

/** `req.logout()` where Passport has a login to end; an app that keeps no Passport user has none. */
function passportLogout(req: PassportRequest): Promise<void> {
  if (typeof req.logout !== 'function' || req.user === undefined || req.user === null)
    return Promise.resolve();
  return new Promise((resolve, reject) =>
    req.logout?.((error) => (error === undefined || error === null ? resolve() : reject(error))),
  );
}

/** The strategies must describe one site: the same-origin check has one answer. */
function checkOptions<Req extends StrategyRequest>(options: PassportSignOutOptions<Req>): SiteRules {
  const owner = 'passportSignOut';
  if (!options || typeof options !== 'object') throw invalidOption(owner, 'options', 'must be an object');
  const { strategies } = options;
  if (!Array.isArray(strategies) || strategies.length === 0)
    throw invalidOption(owner, 'strategies', 'must list the strategies patrons sign in with');
  if (!strategies.every((strategy) => strategy?.auth && strategy.site))
    throw invalidOption(owner, 'strategies', 'must be strategies of @ils-auth/passport');
  const site = strategies[0]!.site;
  const same = (a: SiteRules) =>
    a.origin === site.origin &&
    JSON.stringify(a.allowedHosts) === JSON.stringify(site.allowedHosts) &&
    JSON.stringify(a.trustedOrigins) === JSON.stringify(site.trustedOrigins);
  if (!strategies.every((strategy) => same(strategy.site)))
    throw invalidOption(owner, 'strategies', 'must agree on origin, allowedHosts and trustedOrigins');
  if (typeof options.sessionIds !== 'function')
    throw invalidOption(owner, 'sessionIds', 'must be a function of the request');
  if (options.afterLogout !== undefined && !isLocalPath(options.afterLogout))
    throw invalidOption(owner, 'afterLogout', 'must be a path on this site');
  return site;
}
