import type { PatronAuth, ProviderDescriptor } from '@ils-auth/core';
import { IlsAuthEngine, invalidOption, pinlessAllowed } from '@ils-auth/core/web';
import { isMissing, readField } from './form-fields.js';
import { PIN_FAILURE_CODES, settleError } from './outcome.js';
import type {
  AnyPinVerify,
  PinVerify,
  PinVerifyProfileOnly,
  PinVerifyWithRequest,
  PinVerifyWithRequestProfileOnly,
} from './pin-verify.js';
import { settleOnce, settleVerified } from './settle.js';
import { type PassportActions, StrategyBase, type WithRequest } from './strategy-base.js';
import {
  checkStrategyArguments,
  type SiteRules,
  type StrategyPatronOptions,
  type StrategyWebOptions,
  siteRulesOf,
  splitStrategyOptions,
} from './strategy-options.js';
import { callVerify } from './verify.js';
import { type StrategyRequest, toWebRequest } from './web-request.js';

/** The one provider of a strategy's engine; a name of the engine's, never seen by the browser. */
const ENGINE_PROVIDER = 'pin';

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
 * The sign-in itself is core's engine's PIN step, as in the Express router and the NestJS module: a post
 * another site made the browser send is refused (`fail`, 403 `cross_site_request`), and PIN guessing is
 * throttled per normalised card and per client IP before the PIN leaves this process (`fail`, 429
 * `rate_limited` with `retryAfter`).
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
  /** What the sign-out helper reads; no secret. */
  readonly site: SiteRules;
  /** Core's engine with this strategy's provider: the PIN step (same-origin, throttle, PIN check). */
  protected readonly _engine: IlsAuthEngine;

  constructor(options: Options, verify: PinVerify);
  constructor(options: Options, verify: PinVerifyProfileOnly);
  constructor(options: WithRequest<Options>, verify: PinVerifyWithRequest);
  constructor(options: WithRequest<Options>, verify: PinVerifyWithRequestProfileOnly);
  constructor(options: Options | WithRequest<Options>, verify: AnyPinVerify) {
    super();
    const owner = this.constructor.name;
    checkStrategyArguments(owner, options, verify);
    const { web, patron, provider } = splitStrategyOptions(
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
    const settings = { provider, signIn: 'pin' as const, ...patron };
    this._engine = new IlsAuthEngine({ ...web, providers: { [ENGINE_PROVIDER]: settings } }, { owner });
    this.site = siteRulesOf(this._engine.options);
    this.auth = this._engine.provider(ENGINE_PROVIDER).auth;
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
    const request = toWebRequest(req);
    // Login CSRF first: another site's form is refused whatever it posted.
    this._engine.assertSameOrigin(request);
    const barcode = this._field(req, this._barcodeField);
    const pin = this._field(req, this._pinField);
    if (isMissing(barcode) || (this._pinRequired && isMissing(pin))) {
      actions.fail({ message: options.badRequestMessage ?? this._badRequestMessage }, 400);
      return;
    }
    // Core's PIN step: the values checked (type, length, control characters) and counted by the throttle
    // before anything leaves this process.
    const { session } = await this._engine.verifyPinSignIn(request, ENGINE_PROVIDER, {
      barcode,
      pin: isMissing(pin) ? undefined : pin,
    });
    const before = this._passReqToCallback ? [req] : [];
    callVerify(
      this._verify,
      { short: [...before, session.profile], long: [...before, session.profile, session] },
      (outcome) => settleVerified(actions, this.auth, session, outcome),
    );
  }

  protected _field(req: StrategyRequest, field: string): unknown {
    const fromBody = readField(req.body, field);
    if (!isMissing(fromBody) || !this._allowQuery) return fromBody;
    return readField(req.query, field);
  }
}

function fieldName(owner: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_.:[\]-]{1,64}$/.test(value)) {
    throw invalidOption(owner, option, 'must be 1-64 letters, digits or "_-.:[]"');
  }
  return value;
}
