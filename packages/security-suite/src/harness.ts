import type { sip2, TokenStore } from '@ils-auth/core';
import type { AllEmulators } from '@ils-auth/emulator';
import type { StoreOutage } from './store-outage.js';

/** The card limit every harness is given: small, so the throttle scenarios are quick. */
export const CARD_LIMIT = 3;

/** The suite's apps sign their cookies with the secret every package's tests use. */
export { TEST_SECRET as SECRET } from '@ils-auth/test-support';

/**
 * The one proxy every app trusts (`trust proxy`): the address the suite's own requests come from, so they
 * may name the client in `X-Forwarded-For`. A client bound to another loopback address (127.0.0.2) is then
 * what a client from the internet is to a site trusting `'loopback'`: a peer that is no proxy of ours.
 */
export const TRUSTED_PROXY = '127.0.0.1';

/**
 * The whole time a sign-in may take (core's `signInTimeoutMs`): short, so the slow-body scenario is quick,
 * and long enough for a sign-in on a loaded machine.
 */
export const SIGN_IN_TIMEOUT_MS = 3_000;

/**
 * The library systems whose patrons sign in through a descriptor of their own (`folio()`, `polaris()`, …),
 * each configured under its name with `signIn: 'pin'` in every integration.
 */
export const DESCRIPTOR_PIN_SYSTEMS = ['folio', 'polaris', 'symphony', 'alma', 'evergreen'] as const;
export type DescriptorPinSystem = (typeof DESCRIPTOR_PIN_SYSTEMS)[number];

/** What a harness builds its app from; the same for every integration. */
export interface HarnessEnvironment {
  emulators: AllEmulators;
  /**
   * The SIP2 library every harness signs in through: one descriptor (one connection pool) per row, so the
   * row's cleanup closes its pool and the suite leaves no socket open.
   */
  sip2: ReturnType<typeof sip2>;
  store: TokenStore;
  secret: string;
  /** Takes `store` away and brings it back (not given to the app: the store-fault scenarios use it). */
  storeOutage: StoreOutage;
  /**
   * Per card: `CARD_LIMIT` failures. Per IP: high, since every request of the suite comes from 127.0.0.1
   * and the card limit is what the scenarios measure.
   */
  throttle: {
    barcode: { max: number; windowSeconds: number };
    ip: { max: number; windowSeconds: number };
  };
  /** `signInTimeoutMs` for every sign-in: `SIGN_IN_TIMEOUT_MS`. */
  signInTimeoutMs: number;
}

/** A running app, as the scenarios see it: URLs and the name of the cookie that holds a sign-in. */
export interface Harness {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** POST `{ barcode, pin }` as JSON: Sierra's PIN check. A success answers 2xx or 3xx. */
  pinLogin: string;
  /** The same for Koha's password validation. */
  kohaPinLogin: string;
  /** The same for the SIP2 library (`sip2()`, `signIn: 'pin'`). */
  sip2PinLogin: string;
  /** The same for each of `DESCRIPTOR_PIN_SYSTEMS`. */
  descriptorPinLogins: Record<DescriptorPinSystem, string>;
  /** GET `?returnTo=`: redirects to RERO ILS; its callback answers with a redirect to `returnTo`. */
  codeLogin: string;
  /** POST: ends the session. Undefined when the integration keeps no session. */
  logout: string | undefined;
  /** GET: 200 while signed in, 401 otherwise. Undefined when the integration keeps no session. */
  patron: string | undefined;
  /** The cookie that holds the signed-in session. Undefined when the integration keeps no session. */
  sessionCookie: string | undefined;
  /**
   * GET: 200 while signed in to `catalogue` (the same Sierra as `card`, under a second name), 401
   * otherwise. Undefined when the integration keeps no provider-named session entries.
   */
  cataloguePatron: string | undefined;
  /**
   * POST `{ barcode, pin }` as JSON: Sierra's PIN check (the card of `pinLogin`) through a second
   * integration in the same app, given the same `secret`, `store` and `throttle` (a site that uses
   * `ilsAuth()` and Passport side by side). Undefined when the app has one integration.
   */
  secondIntegrationPinLogin?: string | undefined;
  close(): Promise<void>;
}

/** Scenarios run once per PIN system (`scenarios/pin-systems.ts`), the others' ids prefixed. */
export type PinScenarioId =
  | 'cross-site-pin-post'
  | 'parallel-wrong-pins'
  | 'barcode-variants'
  | 'pin-no-store'
  | 'pin-redaction';

export type ScenarioId =
  | PinScenarioId
  | `koha-${PinScenarioId}`
  | `sip2-${PinScenarioId}`
  | `${DescriptorPinSystem}-${PinScenarioId}`
  | 'double-callback'
  | 'replayed-transaction-cookie'
  | 'open-redirect'
  | 'session-fixation'
  | 'logout-ends-session'
  | 'no-store'
  | 'garbage-host'
  | 'unknown-option'
  | 'pin-sign-in-store-outage'
  | 'guarded-request-store-outage'
  | 'logout-store-outage'
  | 'slow-provider-body'
  | 'ipv6-one-client'
  | 'non-latin1-return-to'
  | 'session-bound-to-name'
  | 'card-number-regrouped'
  | 'untrusted-forwarded-host'
  | 'cross-site-logout'
  | 'one-throttle-two-integrations';

/** One way of signing patrons in that the suite is run against. */
export interface Integration {
  start(environment: HarnessEnvironment): Promise<Harness>;
  /**
   * Each public constructor of the integration, by name: builds it with valid options plus `extra` (an
   * unknown key), as the app would at start-up, and resolves when it accepted them.
   */
  constructors: Record<
    string,
    (environment: HarnessEnvironment, extra: Record<string, unknown>) => Promise<void>
  >;
  /** Scenarios that cannot apply to this integration, each with the reason. */
  notApplicable: Partial<Record<ScenarioId, string>>;
}
