import { inspect } from 'node:util';
import { createClient, type IlsClient } from '../client/create-client.js';
import { hasAppCredential } from '../client/has-app-credential.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { createPatronAuth, type PatronAuth } from '../patrons/create-patron-auth.js';
import type { PatronSession } from '../patrons/patron-session.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { normalizeClientIp } from './client-ip.js';
import { cookieNameFor, readCookie, type SetCookie } from './cookies.js';
import { attachCookies } from './error-cookies.js';
import { forwardingClient } from './forwarding-client.js';
import { LoginThrottle } from './login-throttle.js';
import {
  type ProviderSettings,
  type ResolvedProviderSettings,
  resolveProviderSettings,
} from './provider-settings.js';
import { publicOrigin } from './public-origin.js';
import { asciiLocation, isLocalPath, safeReturnTo } from './return-to.js';
import { assertSameOrigin } from './same-origin.js';
import { createSealer, type Sealer } from './sealer.js';
import { formatSessionCookie, parseSessionCookie, type SessionCookieValue } from './session-cookie.js';
import { SessionUsers } from './session-users.js';
import { signInFailureRedirect } from './sign-in-failure.js';
import { SIGN_IN_HEADERS } from './sign-in-headers.js';
import { SignedOutEverywhere } from './signed-out-everywhere.js';
import { throttledLogin } from './throttled-login.js';
import { asTransaction, transactionCookieBase } from './transaction-cookie.js';
import { invalidOption, type ResolvedWebOptions, resolveWebOptions, type WebOptions } from './web-options.js';
import { headerOf, type WebRequest } from './web-request.js';

export interface WebAuthOptions extends WebOptions {
  /** Name → descriptor, or descriptor plus settings. Names appear in routes and cookies. */
  providers: Record<string, ProviderDescriptor | ProviderSettings>;
  /**
   * The application's page for failed sign-ins (a path, e.g. the sign-in form). A page (form post or
   * navigation) whose sign-in fails is sent there with `?error=<code>&provider=<name>&returnTo=`; a JSON
   * client gets the JSON error whatever this says. Default none: every failure is answered as an error.
   */
  failureRedirect?: string;
}

/** One configured provider with what every request shares: its patron auth and its one app-token client. */
export interface WebProvider extends ResolvedProviderSettings {
  readonly auth: PatronAuth;
  /** Undefined when the application cannot call the provider's API on its own behalf (`hasAppCredential`). */
  readonly client: IlsClient | undefined;
}

/** A redirect to answer, as data: each shim writes status, headers and cookies its own way. */
export interface WebRedirect {
  status: 302 | 303;
  location: string;
  headers: Readonly<Record<string, string>>;
  cookies: SetCookie[];
}

/** A finished sign-in: the core session (its tokens are in the store) and where the patron goes next. */
export interface SignedIn {
  provider: WebProvider;
  session: PatronSession;
  returnTo: string;
  /** Cookies to write whatever the shim does with the session (the used transaction is cleared). */
  cookies: SetCookie[];
}

/** One provider's live session in this browser. */
export interface CurrentSession {
  provider: WebProvider;
  session: PatronSession;
}

/** What the browser's session cookie stands for on this request. */
export interface CurrentSessions {
  /** The live sessions, in the order the providers are configured. */
  sessions: CurrentSession[];
  /** Names of the providers whose session in the cookie is over: a re-sign-in goes to these. */
  ended: string[];
  /** The cookie without the ended entries, to write when some ended (else none). */
  cookies: SetCookie[];
}

/** How `signOut` ends sessions: one provider's or all of this browser's; `everywhere` ends every browser's. */
export interface SignOutOptions {
  returnTo?: unknown;
  afterLogout?: string;
  /** Only this provider's session; default every session of the browser. */
  provider?: string;
  /** Also end the patron's sessions in every other browser (see `SignedOutEverywhere`). */
  everywhere?: boolean;
}

/**
 * The framework-free web layer: every rule that the Express router, the Passport strategies and the NestJS
 * guards share, written once. A shim turns its request into a `WebRequest`, calls one of these methods and
 * writes back the cookies, headers and redirect it is given; it decides nothing about security itself.
 */
export class WebAuth {
  readonly options: ResolvedWebOptions;
  readonly providers: ReadonlyMap<string, WebProvider>;
  readonly throttle: LoginThrottle | undefined;
  readonly failureRedirect: string | undefined;
  /** The application users that `signIn` callbacks mapped patrons to, kept beside their sessions. */
  readonly users: SessionUsers;
  readonly #sealer: Sealer;
  readonly #signedOutEverywhere: SignedOutEverywhere;

  constructor(owner: string, options: WebAuthOptions, ownOptions: readonly string[] = []) {
    this.options = resolveWebOptions(owner, options, ['providers', 'failureRedirect', ...ownOptions]);
    if (options.failureRedirect !== undefined && !isLocalPath(options.failureRedirect))
      throw invalidOption(owner, 'failureRedirect', 'must be a path on this site');
    this.failureRedirect = options.failureRedirect;
    const { store, clientOptions, secrets, throttle, keyPrefix, clock } = this.options;
    this.#sealer = createSealer(secrets);
    this.users = new SessionUsers(store, keyPrefix, clock);
    this.#signedOutEverywhere = new SignedOutEverywhere(store, secrets[0]!, keyPrefix, clock);
    this.throttle = throttle
      ? new LoginThrottle(
          throttle.store,
          secrets[0]!,
          keyPrefix,
          { barcode: throttle.barcode, ip: throttle.ip },
          clock,
          throttle.duringStoreOutage,
        )
      : undefined;
    const providers = new Map<string, WebProvider>();
    // One client per descriptor: two routes for one Sierra (login page and PIN form) share its app token.
    const clients = new Map<ProviderDescriptor, IlsClient | undefined>();
    const shared = { ...clientOptions, store };
    const allSettings = resolveProviderSettings(
      owner,
      options.providers,
      this.options.transactionMaxAgeSeconds,
    );
    for (const settings of allSettings) {
      const { descriptor } = settings;
      // Two names for one provider (a PIN form and a login page for one Sierra): each name's sessions are
      // its own, or a session of one could be presented as the other's (`card.<id>` as `sierra.<id>`).
      // A provider under one name keeps unscoped sessions, so no patron is signed out by an upgrade.
      const sharesDescriptor =
        allSettings.filter((other) => other.descriptor.id === descriptor.id).length > 1;
      if (!clients.has(descriptor))
        clients.set(descriptor, hasAppCredential(descriptor) ? createClient(descriptor, shared) : undefined);
      const client = clients.get(descriptor);
      const auth = createPatronAuth(descriptor, {
        ...shared,
        ...(client ? { appClient: client } : {}),
        ...(settings.sessionTtlSeconds === undefined
          ? {}
          : { sessionTtlSeconds: settings.sessionTtlSeconds }),
        transactionMaxAgeSeconds: settings.transactionMaxAgeSeconds,
        ...(sharesDescriptor ? { sessionScope: settings.name } : {}),
      });
      providers.set(settings.name, Object.freeze({ ...settings, auth, client }));
    }
    this.providers = providers;
  }

  /** A provider by the name the application gave it; `config_invalid` for a name that was never configured. */
  provider(name: string): WebProvider {
    const provider = typeof name === 'string' ? this.providers.get(name) : undefined;
    if (!provider)
      throw new IlsAuthError(
        'config_invalid',
        `no provider named "${String(name).slice(0, 40)}" is configured`,
        {
          retryable: false,
        },
      );
    return provider;
  }

  /** The provider a sign-in goes to when none is named: the first one patrons can sign in with. */
  signInProvider(name?: string): WebProvider {
    if (name !== undefined) return this.provider(name);
    for (const provider of this.providers.values()) if (provider.signIn) return provider;
    throw new IlsAuthError('config_invalid', 'no provider offers patron sign-in', { retryable: false });
  }

  /** The site's origin for this request: configured, or from a validated `Host` (else 400). */
  origin(request: WebRequest): string {
    return publicOrigin(request, this.options.origin, this.options.allowedHosts);
  }

  /** An absolute URL on this site for `pathOrUrl` (a path resolves against the site's origin). */
  absoluteUrl(request: WebRequest, pathOrUrl: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(pathOrUrl)) return new URL(pathOrUrl).href;
    return new URL(pathOrUrl, this.origin(request)).href;
  }

  /** Refuses a post that another site made the browser send (login CSRF); see `assertSameOrigin`. */
  assertSameOrigin(request: WebRequest): void {
    assertSameOrigin(request, this.origin(request), this.options.trustedOrigins);
  }

  /** A return path from untrusted input, or the configured default. */
  returnTo(value: unknown, fallback = this.options.defaultReturnTo): string {
    return safeReturnTo(value, fallback);
  }

  clientIp(request: WebRequest): string | undefined {
    return normalizeClientIp(request.ip);
  }

  /** The client IP to forward to `provider`, for providers that want it (Sierra's `X-Forwarded-For`). */
  forwardedFor(request: WebRequest, provider: WebProvider): string | undefined {
    return provider.descriptor.forwardsClientIp ? this.clientIp(request) : undefined;
  }

  /**
   * A provider's one shared app-token client (its token is cached: no token request per call); seen from
   * `request`, calls to providers that want the patron's IP carry it. `config_invalid` for a provider
   * without an app credential (client credentials, an app sign-in or key).
   */
  appClient(name: string, request?: WebRequest): IlsClient {
    const provider = this.provider(name);
    if (!provider.client)
      throw new IlsAuthError(
        'config_invalid',
        `${provider.descriptor.displayName} ("${name}") has no app token (no client credentials grant, app sign-in or key)`,
        { provider: provider.descriptor.id, retryable: false },
      );
    const ip = request && this.forwardedFor(request, provider);
    return ip ? forwardingClient(provider.client, ip) : provider.client;
  }

  isSecure(request: WebRequest): boolean {
    const { secureCookies } = this.options;
    return secureCookies === 'auto' ? request.secure === true : secureCookies;
  }

  // --- code flow ---------------------------------------------------------------------------------------

  /**
   * Starts a code-flow sign-in: a 302 to the provider's login page, and the transaction (state, PKCE
   * verifier, nonce, returnTo) sealed in an httpOnly cookie that only the callback path receives and that
   * lives as long as the transaction may. `redirectUri` (the shim's callback route) may be a path on this
   * site or an absolute URL; a provider's configured `redirectUri` takes its place, an absolute one sent
   * exactly as written, since providers compare it character for character with the registered one.
   */
  beginCodeFlow(
    request: WebRequest,
    name: string,
    options: { redirectUri: string; returnTo?: unknown },
  ): WebRedirect {
    const provider = this.provider(name);
    const configured = provider.redirectUri;
    const redirectUri =
      configured && /^https?:\/\//i.test(configured)
        ? configured
        : this.absoluteUrl(request, configured ?? options.redirectUri);
    const { url, transaction } = provider.auth.authorizationUrl({
      redirectUri,
      returnTo: this.returnTo(options.returnTo),
      ...(provider.scopes ? { scopes: provider.scopes } : {}),
      ...(provider.authorizationParams ? { params: provider.authorizationParams } : {}),
    });
    const maxAgeSeconds = provider.transactionMaxAgeSeconds;
    const cookie = this.#transactionCookie(request, provider, new URL(redirectUri).pathname);
    const sealed = this.#sealer.seal(transaction, cookie.name, this.options.clock() + maxAgeSeconds * 1000);
    return redirect(302, url, [{ ...cookie, value: sealed, maxAgeSeconds }]);
  }

  /**
   * Finishes a code-flow sign-in at the callback: opens the transaction cookie (cleared whatever happens),
   * lets core check state and mark the transaction used atomically before the code is exchanged, and
   * returns the new session. A callback without a live transaction is `state_mismatch`.
   */
  async completeCodeFlow(request: WebRequest, name: string): Promise<SignedIn> {
    const provider = this.provider(name);
    const path = new URL(request.url, 'http://callback.invalid').pathname;
    const cookie = this.#transactionCookie(request, provider, path);
    const clear: SetCookie = { ...cookie, value: '', maxAgeSeconds: 0 };
    const sealed = readCookie(headerOf(request, 'cookie'), cookie.name);
    const transaction = asTransaction(
      this.#sealer.unseal(sealed, cookie.name, this.options.clock()),
      provider.descriptor.id,
    );
    if (!transaction)
      throw attachCookies(
        new IlsAuthError(
          'state_mismatch',
          'no sign-in is in progress in this browser (it expired or was already used); start again',
          {
            provider: provider.descriptor.id,
            status: 400,
          },
        ),
        [clear],
      );
    try {
      const session = await provider.auth.handleCallback(request.url, transaction, {
        ...this.#clientIpOption(request),
      });
      return { provider, session, returnTo: this.returnTo(transaction.returnTo), cookies: [clear] };
    } catch (error) {
      throw attachCookies(error, [clear]);
    }
  }

  #transactionCookie(request: WebRequest, provider: WebProvider, path: string): Omit<SetCookie, 'value'> {
    const secure = this.isSecure(request);
    return {
      name: cookieNameFor(transactionCookieBase(provider.name), secure, path),
      path,
      httpOnly: true,
      sameSite: 'Lax',
      secure,
    };
  }

  // --- PIN sign-in -------------------------------------------------------------------------------------

  /**
   * A card number and PIN posted by the app's own form: refused when another site sent it, counted by the
   * throttle per normalised card and per client IP before the provider sees it, then checked by core.
   */
  async pinSignIn(
    request: WebRequest,
    name: string,
    form: { barcode?: unknown; pin?: unknown; returnTo?: unknown },
  ): Promise<SignedIn> {
    const provider = this.provider(name);
    this.assertSameOrigin(request);
    const { descriptor } = provider;
    if (provider.signIn !== 'pin')
      throw new IlsAuthError(
        'config_invalid',
        `${descriptor.displayName} ("${name}") does not sign in by PIN`,
        { retryable: false },
      );
    const { barcode, pin } = form;
    if ((pin === undefined || pin === '') && !pinlessAllowed(descriptor))
      throw new IlsAuthError('invalid_input', 'the pin is missing', { provider: descriptor.id, status: 400 });
    const session = await throttledLogin(
      provider.auth,
      this.throttle,
      { barcode, pin },
      this.clientIp(request),
    );
    return { provider, session, returnTo: this.returnTo(form.returnTo), cookies: [] };
  }

  #clientIpOption(request: WebRequest): { clientIp?: string } {
    const clientIp = this.clientIp(request);
    return clientIp ? { clientIp } : {};
  }

  // --- the session cookie ------------------------------------------------------------------------------

  /** The session cookie's name for this request (`__Host-` prefixed when Secure). */
  sessionCookieName(request: WebRequest): string {
    return cookieNameFor(this.options.cookieName, this.isSecure(request), '/');
  }

  /** The cookie's well-formed `<provider name>.<session id>` entries, one per configured provider at most. */
  readSessionCookies(request: WebRequest): SessionCookieValue[] {
    return parseSessionCookie(
      readCookie(headerOf(request, 'cookie'), this.sessionCookieName(request)),
      this.providers,
    );
  }

  /** The cookie's first entry, when there is one (see `readSessionCookies` for all of them). */
  readSessionCookie(request: WebRequest): SessionCookieValue | undefined {
    return this.readSessionCookies(request)[0];
  }

  /**
   * The browser's live sessions, one per provider it is signed in to. A session that is over (expired,
   * signed out, or older than its patron's "log out everywhere") is deleted from the store and reported in
   * `ended`, with the cookie that drops it. `entries`: the cookie's entries, when the caller has just read
   * them with `readSessionCookies` (a guard that looks before it loads need not parse the cookie twice).
   */
  async currentSessions(
    request: WebRequest,
    entries: readonly SessionCookieValue[] = this.readSessionCookies(request),
  ): Promise<CurrentSessions> {
    // Nearly every request carries one session: no Promise.all, filters or sort on that path.
    if (entries.length === 1) {
      const current = await this.#liveSession(entries[0]!);
      if (current) return { sessions: [current], ended: [], cookies: [] };
      return { sessions: [], ended: [entries[0]!.provider], cookies: [this.#sessionCookieOf(request, [])] };
    }
    const found = await Promise.all(entries.map((entry) => this.#liveSession(entry)));
    const live = entries.filter((_, index) => found[index]);
    const ended = entries.filter((_, index) => !found[index]).map((entry) => entry.provider);
    const order = [...this.providers.keys()];
    const sessions = found
      .filter((current): current is CurrentSession => current !== undefined)
      .sort((a, b) => order.indexOf(a.provider.name) - order.indexOf(b.provider.name));
    return { sessions, ended, cookies: ended.length ? [this.#sessionCookieOf(request, live)] : [] };
  }

  /** One cookie entry's session if it is live; one that is over is deleted from the store. */
  async #liveSession(entry: SessionCookieValue): Promise<CurrentSession | undefined> {
    const provider = this.providers.get(entry.provider)!;
    const session = await provider.auth.getSession(entry.sessionId);
    if (session && !(await this.#signedOutEverywhere.isOver(session))) return { provider, session };
    if (session) await this.#forget(provider, entry.sessionId, true);
    return undefined;
  }

  /** The first live session (in provider order), or undefined; see `currentSessions` for all of them. */
  async currentSession(request: WebRequest): Promise<CurrentSession | undefined> {
    return (await this.currentSessions(request)).sessions[0];
  }

  /**
   * Adds a new session to the cookie, beside the browser's sessions with other providers (a portal signed
   * in to the catalogue stays so when the patron also signs in to the e-book service). The id is always new
   * (core makes one per sign-in) and the session the browser held for this provider before is deleted, so
   * an id planted before sign-in (session fixation) is worth nothing after.
   */
  async startSession(request: WebRequest, signedIn: SignedIn): Promise<SetCookie[]> {
    const { name } = signedIn.provider;
    const entries = this.readSessionCookies(request);
    const previous = entries.find((entry) => entry.provider === name);
    if (previous) await this.#forget(signedIn.provider, previous.sessionId);
    const kept = entries.filter((entry) => entry !== previous);
    return [
      ...signedIn.cookies,
      this.#sessionCookieOf(request, [...kept, { provider: name, sessionId: signedIn.session.id }]),
    ];
  }

  /** The answer to a finished sign-in: 303 to where the patron was going, with every cookie to write. */
  signInRedirect(signedIn: Pick<SignedIn, 'returnTo'>, cookies: SetCookie[]): WebRedirect {
    return redirect(303, signedIn.returnTo, cookies);
  }

  /**
   * The answer to a failed sign-in for a page: 303 to `failureRedirect` with a safe error code; undefined
   * when no such page is configured or the caller wants JSON (answer the error then).
   */
  signInFailure(
    request: WebRequest,
    error: unknown,
    context: { provider: string; returnTo?: unknown },
  ): WebRedirect | undefined {
    const returnTo = context.returnTo === undefined ? undefined : safeReturnTo(context.returnTo, '');
    return signInFailureRedirect(request, this.failureRedirect, error, {
      provider: context.provider,
      returnTo: returnTo || undefined,
    });
  }

  /**
   * Ends the browser's sessions (or one provider's) in the store and updates the cookie; with
   * `everywhere`, the patron's sessions in every other browser end too. Posts from other sites are refused.
   */
  async signOut(request: WebRequest, options: SignOutOptions = {}): Promise<WebRedirect> {
    this.assertSameOrigin(request);
    // The name usually comes from the URL (`POST /auth/:provider/logout`): a made-up one is the request's
    // mistake (404), not a misconfiguration (500, logged).
    if (options.provider !== undefined && !this.providers.has(options.provider))
      throw new IlsAuthError('unknown_provider', 'no provider of that name is configured', {
        retryable: false,
      });
    if (options.everywhere) {
      const { sessions } = await this.currentSessions(request);
      for (const { provider, session } of sessions)
        if (options.provider === undefined || provider.name === options.provider)
          await this.#signedOutEverywhere.signOut(session);
    }
    const cookies = await this.endSession(request, options.provider);
    const returnTo = this.returnTo(options.returnTo, options.afterLogout ?? this.options.defaultReturnTo);
    return redirect(303, returnTo, cookies.length ? cookies : [this.clearSessionCookie(request)]);
  }

  /** The cookie that removes the session cookie (every provider's entry) from the browser. */
  clearSessionCookie(request: WebRequest): SetCookie {
    return this.#sessionCookie(request, '', 0);
  }

  /**
   * Ends the browser's sessions, or only `providerName`'s, on the server's own initiative (its tokens died,
   * the app signs the patron out): deletes them from the store and returns the cookie that keeps the rest,
   * or nothing when there was no such session. Unlike `signOut` it checks no origin: no request from
   * another site can reach it.
   */
  async endSession(request: WebRequest, providerName?: string): Promise<SetCookie[]> {
    const entries = this.readSessionCookies(request);
    const ending = entries.filter((entry) => providerName === undefined || entry.provider === providerName);
    if (ending.length === 0) return [];
    const cookie = this.#sessionCookieOf(
      request,
      entries.filter((entry) => !ending.includes(entry)),
    );
    try {
      await Promise.all(
        ending.map((entry) => this.#forget(this.providers.get(entry.provider)!, entry.sessionId)),
      );
    } catch (error) {
      // The store could not be told (outage): the session is ended in this process and the browser drops
      // its cookie, but the answer is an error (503 store_unavailable), so the patron knows to try again.
      throw attachCookies(error, [cookie]);
    }
    return [cookie];
  }

  /**
   * Ends one of `provider`'s sessions and drops its user. A cookie entry only names a session: unless the
   * caller just read it (`owned`), it is checked to be this name's, so a swapped entry (`sierra.<id>` of a
   * `card` session) ends nothing and leaves the other session its user.
   */
  async #forget(provider: WebProvider, sessionId: string, owned = false): Promise<void> {
    if (!owned && !(await provider.auth.getSession(sessionId))) return;
    await Promise.all([provider.auth.logout(sessionId), this.users.delete(sessionId)]);
  }

  /** The session cookie holding `entries`, or the one that clears it when there are none. */
  #sessionCookieOf(request: WebRequest, entries: readonly SessionCookieValue[]): SetCookie {
    return entries.length
      ? this.#sessionCookie(request, formatSessionCookie(entries))
      : this.clearSessionCookie(request);
  }

  #sessionCookie(request: WebRequest, value: string, maxAgeSeconds?: number): SetCookie {
    const secure = this.isSecure(request);
    // No Max-Age on a live session cookie: the session's life is decided by the store.
    return {
      name: cookieNameFor(this.options.cookieName, secure, '/'),
      value,
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure,
      ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
    };
  }

  toJSON(): Record<string, unknown> {
    return { type: 'WebAuth', providers: [...this.providers.keys()] };
  }

  [inspect.custom](): string {
    return `WebAuth { providers: ${JSON.stringify([...this.providers.keys()])} }`;
  }
}

/** Only PIN-less OverDrive collections (a placeholder password) sign in without a PIN. */
function pinlessAllowed(descriptor: ProviderDescriptor): boolean {
  return !descriptor.patron?.checkPin && descriptor.passwordGrant?.placeholderPassword !== undefined;
}

function redirect(status: 302 | 303, location: string, cookies: SetCookie[]): WebRedirect {
  return { status, location: asciiLocation(location), headers: SIGN_IN_HEADERS, cookies };
}
