import type { Patron } from '@ils-auth/core/web';
import type { IlsRequest } from './ils-request.js';

// The one global addition to Express's Request, for every file that imports this package. Only
// interfaces appear in it, so the ESM and CommonJS declaration files declare the very same type and a
// project that loads both (`.mts` and `.cts` files) merges them without TS2717.
declare global {
  namespace Express {
    interface Request {
      /**
       * The signed-in patron, set by the ilsAuth router: of the first provider (in `providers` order) this
       * browser is signed in to; undefined when none. Non-optional in `requirePatron((req, res) => …)`.
       */
      patron?: Patron;
      /** Every provider this browser is signed in to, by name: `req.patrons.overdrive`. */
      patrons?: Readonly<Record<string, Patron>>;
      /** App-token clients, patron calls and sign-in URLs for this request, set by the ilsAuth router. */
      ils?: IlsRequest;
    }
  }
}
