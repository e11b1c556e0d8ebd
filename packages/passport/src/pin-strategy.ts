import {
  createPatronAuth,
  type PatronAuth,
  type PatronSession,
  type ProviderDescriptor,
} from '@ils-auth/core';
import {
  assertSameOrigin,
  invalidOption,
  LoginThrottle,
  pinlessAllowed,
  publicOrigin,
  throttledLogin,
} from '@ils-auth/core/web';
import { isMissing, readField } from './form-fields.js';
import { PIN_FAILURE_CODES, settleError } from './outcome.js';
import type {
  AnyPinVerify,
  PinVerify,
  PinVerifyProfileOnly,
  PinVerifyWithRequest,
  PinVerifyWithRequestProfileOnly,
} from './pin-verify.js';
import { settleOnce, withSession } from './settle.js';
import { type PassportActions, StrategyBase, type WithRequest } from './strategy-base.js';
import {
  checkStrategyArguments,
  resolveStrategyOptions,
  type SiteRules,
  type StrategyPatronOptions,
  type StrategyWebOptions,
} from './strategy-options.js';
import { callVerify } from './verify.js';
import { clientIpOf, type StrategyRequest, toWebRequest } from './web-request.js';

/**
 * Options every barcode + PIN strategy takes, besides its provider's own: `ilsAuth()`'s web options under
 * the same names (`secret` required), the patron options, and the form's.
 */
export interface PinStrategyOptions extends StrategyWebOptions, StrategyPatronOptions {
  /** The name for `passport.authenticate(name)`. */
  name?: string;
  /** Form field of the barcode (card number); default `barcode`. `patron[barcode]` reads a nested field. */
  barcodeField?: string;
  /** Form field of the PIN; default `pin`. */
  pinField?: string;
  /** Also read the fields from the query string (off by default: URLs end up in logs). */
  allowQuery?: boolean;
  /** `true` gives the verify callback `req` as its first argument (see `WithRequest`). */
  passReqToCallback?: false;
  /** Failure message when a field is missing; default `Missing credentials` (as passport-local). */
  badRequestMessage?: string;
}

const PIN_OPTION_NAMES = [
  'name',
  'barcodeField',
  'pinField',
  'allowQuery',
  'passReqToCallback',
  'badRequestMessage',
] as const satisfies readonly (keyof PinStrategyOptions)[];

/** Options of `passport.authenticate(name, options)` this strategy reads. */
export interface PinAuthenticateOptions {
  badRequestMessage?: string;
  [option: string]: unknown;
}

/**
 * A Passport strategy for the app's own sign-in form (passport-local's shape): barcode and PIN are read from
 * `req.body`, checked by core's `login()` (Sierra's PIN check, OverDrive's password grant), and the verify
 * receives the patron's profile and the core session. Core refuses hostile input (control characters, over
 * 128 characters) before any network call; a wrong barcode or PIN is `fail({ message }, 401)`.
 *
 * As the Express router does, with core's rules: a post another site made the browser send is refused
 * (`fail`, 403 `cross_site_request`), and PIN guessing is throttled per normalised card and per client IP
 * before the PIN leaves this process (`fail`, 429 `rate_limited` with `retryAfter`).
 */
export abstract class PinStrategy<Options extends PinStrategyOptions> extends StrategyBase {
  name: string;
  /** Core's patron API for this provider: `auth.fetch(session.id, path)`, `auth.logout(id)`, … */
  readonly auth: PatronAuth;
  readonly provider: ProviderDescriptor;
  protected readonly _verify: AnyPinVerify;
  protected readonly _barcodeField: string;
  protected readonly _pinField: string;
  protected readonly _allowQuery: boolean;
  protected readonly _passReqToCallback: boolean;
  protected readonly _badRequestMessage: string;
  protected readonly _pinRequired: boolean;
  /** What the same-origin check and the sign-out helper read; no secret. */
  readonly site: SiteRules;
  /** Undefined with `throttle: false`. */
  protected readonly _throttle: LoginThrottle | undefined;

  constructor(options: Options, verify: PinVerify);
  constructor(options: Options, verify: PinVerifyProfileOnly);
  constructor(options: WithRequest<Options>, verify: PinVerifyWithRequest);
  constructor(options: WithRequest<Options>, verify: PinVerifyWithRequestProfileOnly);
  constructor(options: Options | WithRequest<Options>, verify: AnyPinVerify) {
    super();
    const owner = this.constructor.name;
    checkStrategyArguments(owner, options, verify);
    const { web, site, patronAuth, provider } = resolveStrategyOptions(
      owner,
      options,
      PIN_OPTION_NAMES,
      (providerOptions) => this.providerFrom(providerOptions),
    );
    if (!provider.patron?.checkPin && !provider.grants.includes('password')) {
      throw invalidOption(
        owner,
        'provider',
        `${provider.displayName} offers no barcode + PIN sign-in as configured`,
      );
    }
    this.provider = provider;
    this.name = fieldName(owner, 'name', options.name ?? this.defaultName(provider));
    this._verify = verify;
    this._barcodeField = fieldName(owner, 'barcodeField', options.barcodeField ?? 'barcode');
    this._pinField = fieldName(owner, 'pinField', options.pinField ?? 'pin');
    this._allowQuery = options.allowQuery === true;
    this._passReqToCallback = options.passReqToCallback === true;
    this._badRequestMessage = options.badRequestMessage ?? 'Missing credentials';
    this._pinRequired = !pinlessAllowed(provider);
    this.site = site;
    const { throttle } = web;
    // Core's key derivation (the first secret, the key prefix) and the one store: a card counts the same
    // here as through ilsAuth() or IlsAuthModule given the same secret and store.
    this._throttle = throttle
      ? new LoginThrottle(
          throttle.store,
          web.secrets[0]!,
          web.keyPrefix,
          { barcode: throttle.barcode, ip: throttle.ip },
          web.clock,
          throttle.duringStoreOutage,
        )
      : undefined;
    this.auth = createPatronAuth(provider, patronAuth);
  }

  /**
   * The provider descriptor this strategy signs patrons in with, made from the options that are neither
   * core's web options nor the strategy's own (a named strategy hands them to its factory as they are).
   */
  protected abstract providerFrom(providerOptions: Record<string, unknown>): ProviderDescriptor;

  /** The strategy's name when the options give none. */
  protected defaultName(provider: ProviderDescriptor): string {
    return provider.id;
  }

  authenticate(req: StrategyRequest, options: PinAuthenticateOptions = {}): void {
    const actions = settleOnce(this, req);
    this._run(req, options ?? {}, actions).catch((error: unknown) =>
      settleError(actions, error, PIN_FAILURE_CODES),
    );
  }

  protected async _run(
    req: StrategyRequest,
    options: PinAuthenticateOptions,
    actions: PassportActions,
  ): Promise<void> {
    // Login CSRF: another site's auto-submitting form must not sign this browser into its card.
    const request = toWebRequest(req);
    const { origin, allowedHosts, trustedOrigins } = this.site;
    assertSameOrigin(request, publicOrigin(request, origin, allowedHosts), trustedOrigins);
    const barcode = this._field(req, this._barcodeField);
    const pin = this._field(req, this._pinField);
    if (isMissing(barcode) || (this._pinRequired && isMissing(pin))) {
      actions.fail({ message: options.badRequestMessage ?? this._badRequestMessage }, 400);
      return;
    }
    // Core checks the values (type, length, control characters) before anything leaves this process.
    const session = await throttledLogin(
      this.auth,
      this._throttle,
      { barcode, pin: isMissing(pin) ? undefined : pin },
      clientIpOf(req),
    );
    const before = this._passReqToCallback ? [req] : [];
    callVerify(
      this._verify,
      { short: [...before, session.profile], long: [...before, session.profile, session] },
      (outcome) => this._settleVerified(actions, session, outcome),
    );
  }

  protected _field(req: StrategyRequest, field: string): unknown {
    const fromBody = readField(req.body, field);
    if (!isMissing(fromBody) || !this._allowQuery) return fromBody;
    return readField(req.query, field);
  }

  protected _settleVerified(
    actions: PassportActions,
    session: PatronSession,
    outcome: { error?: unknown; user?: unknown; info?: unknown },
  ): void {
    if (outcome.error || !outcome.user) {
      this.auth.logout(session.id).catch(() => undefined);
      if (outcome.error) {
        actions.error(outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error)));
      } else {
        actions.fail(outcome.info);
      }
      return;
    }
    actions.success(outcome.user, withSession(outcome.info, session));
  }
}

function fieldName(owner: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_.:[\]-]{1,64}$/.test(value)) {
    throw invalidOption(owner, option, 'must be 1-64 letters, digits or "_-.:[]"');
  }
  return value;
}
