import { barcodeVariants } from './barcode-variants.js';
import { cardNumberRegrouped } from './card-number-regrouped.js';
import { crossSitePinPost } from './cross-site-pin-post.js';
import { doubleCallback } from './double-callback.js';
import { garbageHost } from './garbage-host.js';
import { ipv6OneClient } from './ipv6-one-client.js';
import { logoutEndsSession } from './logout-ends-session.js';
import { noStore } from './no-store.js';
import { nonLatin1ReturnTo } from './non-latin1-return-to.js';
import { openRedirect } from './open-redirect.js';
import { parallelWrongPins } from './parallel-wrong-pins.js';
import { replayedTransactionCookie } from './replayed-transaction-cookie.js';
import type { Scenario } from './scenario.js';
import { sessionBoundToName } from './session-bound-to-name.js';
import { sessionFixation } from './session-fixation.js';
import { slowProviderBody } from './slow-provider-body.js';
import { unknownOption } from './unknown-option.js';

/** The suite: every integration × store runs each of these, in this order, against one running app. */
export const SCENARIOS: readonly Scenario[] = [
  crossSitePinPost,
  parallelWrongPins,
  barcodeVariants,
  doubleCallback,
  replayedTransactionCookie,
  openRedirect,
  sessionFixation,
  logoutEndsSession,
  noStore,
  garbageHost,
  unknownOption,
  slowProviderBody,
  ipv6OneClient,
  nonLatin1ReturnTo,
  sessionBoundToName,
  cardNumberRegrouped,
];
