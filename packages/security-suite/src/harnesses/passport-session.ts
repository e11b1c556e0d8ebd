import type { Integration } from '../harness.js';
import { passportConstructors, startPassportApp } from './passport-app.js';

/** Passport strategies with express-session: the transaction and the signed-in user live in `req.session`. */
export const passportWithSession: Integration = {
  notApplicable: {},
  start: (environment) => startPassportApp(environment, 'session'),
  constructors: passportConstructors('session'),
};
