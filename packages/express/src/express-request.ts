import type { Patron } from './patron.js';
import type { IlsRequestContext } from './request-context.js';

// Adds what the ilsAuth router sets to Express's Request type, for every file that imports this package.
declare global {
  namespace Express {
    interface Request {
      /** The signed-in patron, set by the ilsAuth router; undefined when nobody is signed in. */
      patron?: Patron;
      /** App-token clients, patron calls and sign-in URLs for this request, set by the ilsAuth router. */
      ils?: IlsRequestContext;
    }
  }
}
