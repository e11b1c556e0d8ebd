import type { Integration } from '../harness.js';
import { passportConstructors, startPassportApp } from './passport-app.js';

const SESSION_IN_PROCESS =
  "this harness's signed-in user lives in express-session's memory, which no store outage reaches; src/faults/ runs a Passport app that asks core for the session on every request through Redis outages";

/** Passport strategies with express-session: the transaction and the signed-in user live in `req.session`. */
export const passportWithSession: Integration = {
  notApplicable: {
    'guarded-request-store-outage': SESSION_IN_PROCESS,
    'logout-store-outage': SESSION_IN_PROCESS,
    'session-bound-to-name':
      'Passport keeps the signed-in user in express-session, one per strategy, with no provider-named cookie entries to swap',
  },
  start: (environment) => startPassportApp(environment, 'session'),
  constructors: passportConstructors('session'),
};
