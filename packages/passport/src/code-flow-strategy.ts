import { isIlsAuthError, type PatronAuth, type PatronSession, type ProviderDescriptor } from '@ils-auth/core';
import { callbackParams } from '@ils-auth/core/extend';
import { IlsAuthEngine, invalidOption, offersCodeFlow } from '@ils-auth/core/web';
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
import { settleOnce, settleVerified } from './settle.js';
import { holderOverStore } from './store-holder.js';
import { type PassportActions, StrategyBase, type WithRequest } from './strategy-base.js';
import {
  checkStrategyArguments,
  type SiteRules,
  type StrategyPatronOptions,
  type StrategyWebOptions,
  siteRulesOf,
  splitStrategyOptions,
} from './strategy-options.js';
import type { TransactionStore } from './transaction-store.js';
import { callVerify } from './verify.js';
import { type StrategyRequest, toWebRequest } from './web-request.js';

/** The one provider of a strategy's engine; a name of the engine's, never seen by the browser. */
const ENGINE_PROVIDER = 'code';

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
 * whose steps are core's engine's: `startCodeSignIn` (redirect URI, return path, per-call scopes and
 * parameters, the transaction left with its holder) and `verifyCodeSignIn` (state, `iss`, single use in
 * the store, the code exchange), as in the Express router and the NestJS module.
 *
 * It keeps passport-oauth2's contract (name, `callbackURL`, `scope`, the verify signatures and
 * `passReqToCallback`, `authorizationParams()`) without extending `OAuth2Strategy`: that class runs its own
 * OAuth client (node-oauth), would need core's provider quirks re-taught (Sierra's raw Basic header, RERO's
 * client authentication in the body, Sierra's second `?` in the callback), and reports every token endpoint
 * problem as an opaque "Failed to obtain access token". Here core does the protocol and its typed
 * `IlsAuthError` reaches `error()` unchanged. The transaction store (`transactionStore`) is Passport's face
 * of core's `TransactionHolder`.
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
  protected readonly _transactionStore: 'auto' | 'session' | 'cookie' | TransactionStore;
  protected readonly _sessionStore: SessionTransactionStore;
  protected readonly _cookieStore: CookieTransactionStore;
  /** Core's engine with this strategy's provider: the code flow's start and callback steps. */
  protected readonly _engine: IlsAuthEngine;

  constructor(options: Options, verify: CodeFlowVerify);
  constructor(options: Options, verify: CodeFlowVerifyWithParams);
  constructor(options: WithRequest<Options>, verify: CodeFlowVerifyWithRequest);
  constructor(options: WithRequest<Options>, verify: CodeFlowVerifyWithRequestAndParams);
  constructor(options: Options | WithRequest<Options>, verify: AnyCodeFlowVerify) {
    super();
    const owner = this.constructor.name;
    checkStrategyArguments(owner, options, verify);
    const { web, patron, provider } = splitStrategyOptions(
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
    const settings = { provider, signIn: 'code' as const, ...patron };
    this._engine = new IlsAuthEngine({ ...web, providers: { [ENGINE_PROVIDER]: settings } }, { owner });
    const resolved = this._engine.options;
    this.site = siteRulesOf(resolved);
    this.auth = this._engine.provider(ENGINE_PROVIDER).auth;
    this._transactionStore = mode;
    this._sessionStore = new SessionTransactionStore({ key: options.sessionKey });
    this._cookieStore = new CookieTransactionStore({
      secret: resolved.secrets,
      clock: resolved.clock,
      owner,
    });
  }

  /**
   * The provider descriptor this strategy signs patrons in with, made from the options that are neither
   * core's web options nor the strategy's own (a named strategy hands them to its factory as they are).
   */
  protected abstract providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor;

  /**
   * Extra query parameters for the authorization URL (passport-oauth2's hook): override it, e.g. to pass
   * `prompt` or `ui_locales` from the `passport.authenticate()` options. Core checks them: the protocol's
   * own parameters (`state`, `redirect_uri`, PKCE, …) cannot be overridden.
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
      await this._finishSignIn(req, options, actions);
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
    const scopes = scopeList(this.name, options.scope) ?? this._scope;
    const { location } = await this._engine.startCodeSignIn(toWebRequest(req), ENGINE_PROVIDER, {
      redirectUri: callbackURL,
      returnTo: options.returnTo,
      ...(scopes ? { scopes } : {}),
      params: this.authorizationParams(options),
      holder: holderOverStore(this._storeFor(req), req, this.name),
    });
    actions.redirect(location);
  }

  protected async _finishSignIn(
    req: StrategyRequest,
    options: CodeFlowAuthenticateOptions,
    actions: PassportActions,
  ): Promise<void> {
    const callbackURL = checkCallbackUrl(this.name, options.callbackURL) ?? this._callbackURL;
    const holder = holderOverStore(this._storeFor(req), req, this.name);
    let session: PatronSession;
    let returnTo: string;
    try {
      ({ session, returnTo } = await this._engine.verifyCodeSignIn(toWebRequest(req), ENGINE_PROVIDER, {
        holder,
        redirectUri:
          callbackURL ?? new URL(req.originalUrl ?? req.url ?? '/', 'http://path.invalid').pathname,
      }));
    } catch (error) {
      // passport-oauth2's answer to a callback without a transaction of this browser.
      if (!holder.found && isStateMismatch(error)) return actions.fail({ ...NO_TRANSACTION }, 403);
      throw error;
    }
    const tokens = await this.auth.tokenSet(session.id);
    const params: TokenParams = { ...tokens.raw, patronSession: session };
    const before = this._passReqToCallback ? [req] : [];
    callVerify(
      this._verify,
      {
        short: [...before, tokens.accessToken, tokens.refreshToken, session.profile],
        long: [...before, tokens.accessToken, tokens.refreshToken, params, session.profile],
      },
      (outcome) => settleVerified(actions, this.auth, session, outcome, { returnTo }),
    );
  }

  protected _storeFor(req: StrategyRequest): TransactionStore {
    const mode = this._transactionStore;
    if (typeof mode === 'object') return mode;
    if (mode === 'session' || (mode === 'auto' && req.session && typeof req.session === 'object')) {
      return this._sessionStore;
    }
    return this._cookieStore;
  }
}

function isStateMismatch(error: unknown): boolean {
  return isIlsAuthError(error) && error.code === 'state_mismatch';
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
