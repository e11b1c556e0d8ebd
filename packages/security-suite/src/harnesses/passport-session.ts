import type { Integration } from '../harness.js';
import { passportConstructors, startPassportApp } from './passport-app.js';

/** Passport strategies with express-session: the transaction and the signed-in user live in `req.session`. */
export const passportWithSession: Integration = {
  notApplicable: {
    'session-bound-to-name':
      'Passport keeps the signed-in user in express-session, one per strategy, with no provider-named cookie entries to swap',
  },
  start: (environment) => startPassportApp(environment, 'session'),
  constructors: passportConstructors('session'),
};
