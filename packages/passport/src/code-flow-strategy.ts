import {
  callbackParams,
  createPatronAuth,
  type PatronAuth,
  type PatronSession,
  type ProviderDescriptor,
} from '@ils-auth/core';
import { invalidOption, offersCodeFlow, safeReturnTo } from '@ils-auth/core/web';
import type {
  AnyCodeFlowVerify,
  CodeFlowVerify,
  CodeFlowVerifyWithParams,
  CodeFlowVerifyWithRequest,
  CodeFlowVerifyWithRequestAndParams,
  TokenParams,
} from './code-flow-verify.js';
import { CookieTransactionStore } from './cookie-transaction-store.js';
import { type FailureInfo, settleError } from './outcome.js';
import { SessionTransactionStore } from './session-transaction-store.js';
import { settleOnce, type VerifiedInfo, withSession } from './settle.js';
import { type PassportActions, StrategyBase, type WithRequest } from './strategy-base.js';
import {
  checkStrategyArguments,
  resolveStrategyOptions,
  type SiteRules,
  type StrategyPatronOptions,
  type StrategyWebOptions,
} from './strategy-options.js';
import type { TransactionContext, TransactionStore } from './transaction-store.js';
import { callVerify } from './verify.js';
import { absoluteUrl, clientIpOf, type StrategyRequest, toWebRequest } from './web-request.js';

/**
 * Options every code-flow strategy takes, besides its provider's own: `ilsAuth()`'s web options under the
 * same names (`secret` required), the patron options, and passport-oauth2's.
 */
export interface CodeFlowStrategyOptions extends StrategyWebOptions, StrategyPatronOptions {
  /** The name for `passport.authenticate(name)`; default the provider id (`sierra`, `rero`, …). */
  name?: string;
  /**
   * Where the provider sends the patron back. Absolute, or a path resolved against `origin` (or, without
   * it, the request's `Host` once validated, see `allowedHosts`). It must be registered with the provider
   * exactly.
   */
  callbackURL?: string;
  /** Scopes to ask for (a space-separated string or a list); default the provider's. */
  scope?: string | readonly string[];
  /** `true` gives the verify callback `req` as its first argument (see `WithRequest`). */
  passReqToCallback?: false;
  /**
   * Where state and the PKCE verifier wait for the callback: `'session'` (`req.session`), `'cookie'`
   * (sealed with `secret`, named `ils_tx_<name>`), your own store, or `'auto'` (default): the session when
   * there is one, else the cookie.
   */
  transactionStore?: 'auto' | 'session' | 'cookie' | TransactionStore;
  /** `req.session` property of the session store; default `ils-auth:<name>`. */
  sessionKey?: string;
}

const CODE_FLOW_OPTION_NAMES = [
  'name',
  'callbackURL',
  'scope',
  'passReqToCallback',
  'transactionStore',
  'sessionKey',
] as const satisfies readonly (keyof CodeFlowStrategyOptions)[];

/** Options of `passport.authenticate(name, options)` this strategy reads. */
export interface CodeFlowAuthenticateOptions {
  callbackURL?: string;
  scope?: string | readonly string[];
  /** A path on this site to return to after sign-in; handed back as `req.authInfo.returnTo`. */
  returnTo?: string;
  [option: string]: unknown;
}

/** The state could not be checked: no transaction, or a callback for another browser. */
const NO_TRANSACTION: FailureInfo = {
  message: 'Unable to verify authorization request state.',
  code: 'state_mismatch',
};

/**
 * A Passport strategy for an authorization-code sign-in (the patron logs in on the provider's own pages),
 * built on `createPatronAuth()` and the web layer of @ils-auth/core.
 *
 * It keeps passport-oauth2's contract (name, `callbackURL`, `scope`, the verify signatures and
 * `passReqToCallback`, `authorizationParams()`) without extending `OAuth2Strategy`: that class runs its own
 * OAuth client (node-oauth), would need core's provider quirks re-taught (Sierra's raw Basic header, RERO's
 * client authentication in the body, Sierra's second `?` in the callback), and reports every token endpoint
 * problem as an opaque "Failed to obtain access token". Here core does the protocol and its typed
 * `IlsAuthError` reaches `error()` unchanged. State is always checked; PKCE S256 is used wherever the
 * provider accepts it (Sierra's login page does not); whatever store keeps the transaction, core's
 * `handleCallback` claims it once in `store` before the code is exchanged.
 */
export abstract class CodeFlowStrategy<Options extends CodeFlowStrategyOptions> extends StrategyBase {
  name: string;
  /** Core's patron API for this provider: `auth.fetch(patronSession.id, path)`, `auth.logout(id)`, … */
  readonly auth: PatronAuth;
  readonly provider: ProviderDescriptor;
  protected readonly _verify: AnyCodeFlowVerify;
  protected readonly _callbackURL: string | undefined;
  protected readonly _scope: readonly string[] | undefined;
  protected readonly _passReqToCallback: boolean;
  /** What the redirect URI, the return path and the sign-out helper read; no secret. */
  readonly site: SiteRules;
  protected readonly _transactionMaxAgeSeconds: number;
  protected readonly _secureCookies: boolean | 'auto';
  protected readonly _transactionStore: 'auto' | 'session' | 'cookie' | TransactionStore;
  protected readonly _sessionStore: SessionTransactionStore;
  protected readonly _cookieStore: CookieTransactionStore;

  constructor(options: Options, verify: CodeFlowVerify);
  constructor(options: Options, verify: CodeFlowVerifyWithParams);
  constructor(options: WithRequest<Options>, verify: CodeFlowVerifyWithRequest);
  constructor(options: WithRequest<Options>, verify: CodeFlowVerifyWithRequestAndParams);
  constructor(options: Options | WithRequest<Options>, verify: AnyCodeFlowVerify) {
    super();
    const owner = this.constructor.name;
    checkStrategyArguments(owner, options, verify);
    const { web, site, patronAuth, provider } = resolveStrategyOptions(
      owner,
      options,
      CODE_FLOW_OPTION_NAMES,
      (providerOptions) => this.providerFrom(providerOptions),
    );
    if (!offersCodeFlow(provider)) {
      throw invalidOption(
        owner,
        'provider',
        `${provider.displayName} offers no authorization code sign-in; set its authorization URL`,
      );
    }
    this.provider = provider;
    this.name = checkName(owner, options.name ?? provider.id);
    this._verify = verify;
    this._callbackURL = checkCallbackUrl(owner, options.callbackURL);
    this._scope = scopeList(owner, options.scope);
    this._passReqToCallback = options.passReqToCallback === true;
    this.site = site;
    this._transactionMaxAgeSeconds = web.transactionMaxAgeSeconds;
    this._secureCookies = web.secureCookies;

    const mode = options.transactionStore ?? 'auto';
    if (
      !['auto', 'session', 'cookie'].includes(mode as string) &&
      (typeof mode !== 'object' || typeof mode?.save !== 'function' || typeof mode?.take !== 'function')
    ) {
      throw invalidOption(
        owner,
        'transactionStore',
        "must be 'auto', 'session', 'cookie' or an object with save() and take()",
      );
    }
    this._transactionStore = mode;
    this._sessionStore = new SessionTransactionStore({ key: options.sessionKey });
    this._cookieStore = new CookieTransactionStore({ secret: web.secrets, clock: web.clock, owner });
    this.auth = createPatronAuth(provider, patronAuth);
  }

  /**
   * The provider descriptor this strategy signs patrons in with, made from the options that are neither
   * core's web options nor the strategy's own (a named strategy hands them to its factory as they are).
   */
  protected abstract providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor;

  /**
   * Extra query parameters for the authorization URL (passport-oauth2's hook): override it, e.g. to pass
   * `prompt` or `ui_locales` from the `passport.authenticate()` options.
   */
  authorizationParams(_options: CodeFlowAuthenticateOptions): Record<string, string> {
    return {};
  }

  authenticate(req: StrategyRequest, options: CodeFlowAuthenticateOptions = {}): void {
    const actions = settleOnce(this, req);
    this._run(req, options ?? {}, actions).catch((error: unknown) => settleError(actions, error));
  }

  protected async _run(
    req: StrategyRequest,
    options: CodeFlowAuthenticateOptions,
    actions: PassportActions,
  ): Promise<void> {
    const query = callbackParams(req.originalUrl ?? req.url ?? '');
    // As passport-oauth2 and openid-client decide: a code or an error means the provider sent the patron back.
    if (query.has('code') || query.has('error')) {
      await this._finishSignIn(req, options, query, actions);
    } else {
      await this._startSignIn(req, options, actions);
    }
  }

  protected async _startSignIn(
    req: StrategyRequest,
    options: CodeFlowAuthenticateOptions,
    actions: PassportActions,
  ): Promise<void> {
    const callbackURL = checkCallbackUrl(this.name, options.callbackURL) ?? this._callbackURL;
    if (!callbackURL) {
      throw invalidOption(this.name, 'callbackURL', 'is required (in the strategy or authenticate options)');
    }
    // Core's rule, as ilsAuth() applies it: a local path (percent-encoded to ASCII), else `defaultReturnTo`.
    const returnTo = safeReturnTo(options.returnTo, this.site.defaultReturnTo);
    const redirectUri = absoluteUrl(req, callbackURL, this.site);
    // An `issuer`-configured provider's endpoints come from its metadata: read (once, then cached) first.
    await this.auth.ready();
    const { url, transaction } = this.auth.authorizationUrl({
      redirectUri,
      scopes: scopeList(this.name, options.scope) ?? this._scope,
      params: this.authorizationParams(options),
      returnTo,
    });
    await this._storeFor(req).save(req, transaction, this._context(req, redirectUri));
    actions.redirect(url);
  }

  protected async _finishSignIn(
    req: StrategyRequest,
    options: CodeFlowAuthenticateOptions,
    query: URLSearchParams,
    actions: PassportActions,
  ): Promise<void> {
    const callbackURL = checkCallbackUrl(this.name, options.callbackURL) ?? this._callbackURL;
    const redirectUri = absoluteUrl(req, callbackURL ?? req.originalUrl ?? req.url ?? '/', this.site);
    const transaction = await this._storeFor(req).take(req, {
      ...this._context(req, redirectUri),
      state: query.get('state') ?? undefined,
    });
    if (!transaction) {
      actions.fail({ ...NO_TRANSACTION }, 403);
      return;
    }
    // Core checks state, then claims the transaction atomically in the store: of two deliveries of this
    // callback, or a replay with a copied cookie, only the first reaches the token endpoint.
    const clientIp = clientIpOf(req);
    const session = await this.auth.handleCallback(query, transaction, clientIp ? { clientIp } : {});
    const tokens = await this.auth.tokenSet(session.id);
    const accessToken = tokens.accessToken;
    const params: TokenParams = { ...tokens.raw, patronSession: session };
    const before = this._passReqToCallback ? [req] : [];
    callVerify(
      this._verify,
      {
        short: [...before, accessToken, tokens.refreshToken, session.profile],
        long: [...before, accessToken, tokens.refreshToken, params, session.profile],
      },
      (outcome) =>
        this._settleVerified(
          actions,
          session,
          outcome,
          safeReturnTo(transaction.returnTo, this.site.defaultReturnTo),
        ),
    );
  }

  protected _settleVerified(
    actions: PassportActions,
    session: PatronSession,
    outcome: { error?: unknown; user?: unknown; info?: unknown },
    returnTo: string,
  ): void {
    if (outcome.error || !outcome.user) {
      // The app refused the patron: their tokens must not stay behind in the store.
      this.auth.logout(session.id).catch(() => undefined);
      if (outcome.error) {
        actions.error(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
      } else {
        actions.fail(outcome.info);
      }
      return;
    }
    const extra: VerifiedInfo = { returnTo };
    actions.success(outcome.user, withSession(outcome.info, session, extra));
  }

  protected _storeFor(req: StrategyRequest): TransactionStore {
    const mode = this._transactionStore;
    if (typeof mode === 'object') return mode;
    if (mode === 'session' || (mode === 'auto' && req.session && typeof req.session === 'object')) {
      return this._sessionStore;
    }
    return this._cookieStore;
  }

  protected _context(req: StrategyRequest, redirectUri: string): TransactionContext {
    const secure = this._secureCookies;
    return {
      strategy: this.name,
      provider: this.provider.id,
      redirectUri,
      maxAgeSeconds: this._transactionMaxAgeSeconds,
      // `secureCookies` means what it means in ilsAuth(): 'auto' follows the request's own https.
      secure: secure === 'auto' ? toWebRequest(req).secure === true : secure,
    };
  }
}

function checkName(owner: string, name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(name)) {
    throw invalidOption(owner, 'name', 'must be 1-64 letters, digits, "_", "-", "." or ":"');
  }
  return name;
}

function checkCallbackUrl(owner: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidOption(owner, 'callbackURL', 'must be a URL or a path');
  }
  let url: URL;
  try {
    url = new URL(value, 'http://relative.invalid');
  } catch {
    throw invalidOption(owner, 'callbackURL', 'is not a valid URL or path');
  }
  if (url.hash) throw invalidOption(owner, 'callbackURL', 'must not contain a fragment (RFC 6749 §3.1.2)');
  return value;
}

function scopeList(owner: string, scope: unknown): readonly string[] | undefined {
  if (scope === undefined) return undefined;
  const list = typeof scope === 'string' ? scope.split(/\s+/) : scope;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw invalidOption(owner, 'scope', 'must be a string or an array of strings');
  }
  return (list as string[]).filter(Boolean);
}
