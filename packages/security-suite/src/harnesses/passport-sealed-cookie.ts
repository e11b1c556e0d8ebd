import type { Integration } from '../harness.js';
import { passportConstructors, startPassportApp } from './passport-app.js';

const NO_SESSION =
  'with `session: false` Passport keeps no session: what the app does with req.user (its own cookie or token) is outside the integration';

/** Passport strategies with `session: false`: the transaction waits in the sealed cookie. */
export const passportSealedCookie: Integration = {
  notApplicable: {
    'session-fixation': NO_SESSION,
    'logout-ends-session': NO_SESSION,
    'cross-site-logout': NO_SESSION,
    'guarded-request-store-outage': NO_SESSION,
    'logout-store-outage': NO_SESSION,
    'session-bound-to-name': NO_SESSION,
  },
  start: (environment) => startPassportApp(environment, 'cookie'),
  constructors: passportConstructors('cookie'),
};
