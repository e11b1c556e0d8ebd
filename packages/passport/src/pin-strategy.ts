import {
  createPatronAuth,
  type PatronAuth,
  type PatronAuthOptions,
  type PatronSession,
  type ProviderDescriptor,
} from '@ils-auth/core';
import { checkStrategyArguments, strategyConfigError } from './config-error.js';
import { isMissing, readField } from './form-fields.js';
import { settleError } from './outcome.js';
import { patronAuthOptions } from './pick-options.js';
import type {
  AnyPinVerify,
  PinVerify,
  PinVerifyProfileOnly,
  PinVerifyWithRequest,
  PinVerifyWithRequestProfileOnly,
} from './pin-verify.js';
import { clientIpOf, type StrategyRequest } from './request-info.js';
import { settleOnce, withSession } from './settle.js';
import { type PassportActions, StrategyBase, type WithRequest } from './strategy-base.js';
import { callVerify } from './verify.js';

/** Options every barcode + PIN strategy takes, besides its provider's own. */
export interface PinStrategyOptions
  extends Omit<PatronAuthOptions, 'redirectUri' | 'transactionMaxAgeSeconds'> {
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

  constructor(options: Options, verify: PinVerify);
  constructor(options: Options, verify: PinVerifyProfileOnly);
  constructor(options: WithRequest<Options>, verify: PinVerifyWithRequest);
  constructor(options: WithRequest<Options>, verify: PinVerifyWithRequestProfileOnly);
  constructor(options: Options | WithRequest<Options>, verify: AnyPinVerify) {
    super();
    const owner = this.constructor.name;
    checkStrategyArguments(owner, options, verify);
    const provider = this.providerFrom(options as Options);
    if (!provider.patron?.checkPin && !provider.grants.includes('password')) {
      throw strategyConfigError(
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
    // A PIN-less OverDrive collection signs in by card number alone.
    this._pinRequired = provider.passwordGrant?.placeholderPassword === undefined;
    this.auth = createPatronAuth(provider, patronAuthOptions(options));
  }

  /** The provider descriptor this strategy signs patrons in with, made from the options. */
  protected abstract providerFrom(options: Options): ProviderDescriptor;

  /** The strategy's name when the options give none. */
  protected defaultName(provider: ProviderDescriptor): string {
    return provider.id;
  }

  authenticate(req: StrategyRequest, options: PinAuthenticateOptions = {}): void {
    const actions = settleOnce(this);
    const barcode = this._field(req, this._barcodeField);
    const pin = this._field(req, this._pinField);
    if (isMissing(barcode) || (this._pinRequired && isMissing(pin))) {
      actions.fail({ message: options?.badRequestMessage ?? this._badRequestMessage }, 400);
      return;
    }
    this._signIn(req, barcode, isMissing(pin) ? undefined : pin, actions).catch((error: unknown) =>
      settleError(actions, error),
    );
  }

  protected _field(req: StrategyRequest, field: string): unknown {
    const fromBody = readField(req.body, field);
    if (!isMissing(fromBody) || !this._allowQuery) return fromBody;
    return readField(req.query, field);
  }

  protected async _signIn(
    req: StrategyRequest,
    barcode: unknown,
    pin: unknown,
    actions: PassportActions,
  ): Promise<void> {
    // Core checks the values (type, length, control characters) before anything leaves this process.
    const session = await this.auth.login(
      { barcode: barcode as string, pin: pin as string | undefined },
      { clientIp: clientIpOf(req) },
    );
    const before = this._passReqToCallback ? [req] : [];
    callVerify(
      this._verify,
      { short: [...before, session.profile], long: [...before, session.profile, session] },
      (outcome) => this._settleVerified(actions, session, outcome),
    );
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
    throw strategyConfigError(owner, option, 'must be 1-64 letters, digits or "_-.:[]"');
  }
  return value;
}
