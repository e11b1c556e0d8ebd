import { barcodeVariants } from './barcode-variants.js';
import { cardNumberRegrouped } from './card-number-regrouped.js';
import { crossSiteLogout } from './cross-site-logout.js';
import { crossSitePinPost } from './cross-site-pin-post.js';
import { doubleCallback } from './double-callback.js';
import { garbageHost } from './garbage-host.js';
import { guardedRequestStoreOutage } from './guarded-request-store-outage.js';
import { ipv6OneClient } from './ipv6-one-client.js';
import { logoutEndsSession } from './logout-ends-session.js';
import { logoutStoreOutage } from './logout-store-outage.js';
import { noStore } from './no-store.js';
import { nonLatin1ReturnTo } from './non-latin1-return-to.js';
import { oneThrottleTwoIntegrations } from './one-throttle-two-integrations.js';
import { openRedirect } from './open-redirect.js';
import { parallelWrongPins } from './parallel-wrong-pins.js';
import { pinNoStore } from './pin-no-store.js';
import { pinRedaction } from './pin-redaction.js';
import { pinSignInStoreOutage } from './pin-sign-in-store-outage.js';
import { DESCRIPTOR_PINS, KOHA_PIN, type PinSystem, SIERRA_PIN, SIP2_PIN } from './pin-systems.js';
import { replayedTransactionCookie } from './replayed-transaction-cookie.js';
import type { Scenario } from './scenario.js';
import { sessionBoundToName } from './session-bound-to-name.js';
import { sessionFixation } from './session-fixation.js';
import { slowProviderBody } from './slow-provider-body.js';
import { unknownOption } from './unknown-option.js';
import { untrustedForwardedHost } from './untrusted-forwarded-host.js';

/** The PIN scenarios, once per system whose patrons sign in by card and PIN. */
const pinScenarios = (system: PinSystem): Scenario[] => [
  crossSitePinPost(system),
  parallelWrongPins(system),
  barcodeVariants(system),
  pinNoStore(system),
  pinRedaction(system),
];

/** The suite: every integration × store runs each of these, in this order, against one running app. */
export const SCENARIOS: readonly Scenario[] = [
  ...pinScenarios(SIERRA_PIN),
  doubleCallback,
  replayedTransactionCookie,
  openRedirect,
  sessionFixation,
  logoutEndsSession,
  noStore,
  garbageHost,
  unknownOption,
  ...pinScenarios(KOHA_PIN),
  ...pinScenarios(SIP2_PIN),
  ...DESCRIPTOR_PINS.flatMap(pinScenarios),
  slowProviderBody,
  ipv6OneClient,
  nonLatin1ReturnTo,
  sessionBoundToName,
  cardNumberRegrouped,
  untrustedForwardedHost,
  crossSiteLogout,
  oneThrottleTwoIntegrations,
  // Last: each takes the row's store away for a moment.
  pinSignInStoreOutage,
  guardedRequestStoreOutage,
  logoutStoreOutage,
];
