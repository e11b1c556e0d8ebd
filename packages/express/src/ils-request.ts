import type { IlsClient } from '@ils-auth/core';
import type { Patron, PatronFetchInit } from '@ils-auth/core/web';

// The one global addition to Express's Request, for every file that imports this package. Only
// interfaces appear in it (methods, not function-typed properties), so the ESM and CommonJS declaration
// files declare the very same types and a project that loads both merges them without TS2717.
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

    /** `req.ils`: what a route handler needs from ils-auth during one request. */
    interface IlsRequest {
      /** Where the ilsAuth router is mounted (`req.baseUrl` when it ran); '' at the root. */
      readonly mountPath: string;
      /** The names given in `ilsAuth({ providers })`. */
      readonly providers: string[];
      /** Providers whose session ended during this request: where a patron signs in again. */
      readonly endedProviders: readonly string[];
      /** A provider's shared app-token client, with `X-Forwarded-For` for providers that want the patron's IP. */
      client(name: string): IlsClient;
      /** An API call as a signed-in patron (`req.patron`, or `init.provider`'s): core's `patronFetch`. */
      patronFetch(input: string | URL, init?: PatronFetchInit): Promise<globalThis.Response>;
      /** A provider's sign-in URL back to `returnTo` (default: the one whose session ended, else the first). */
      loginUrl(providerName?: string, returnTo?: string): string;
      /** Where the app's sign-out form posts (`<base>/logout`; every provider's session). */
      readonly logoutUrl: string;
      /** Ends this browser's sessions (or one provider's): deletes them from the store and updates the cookie. */
      logout(providerName?: string): Promise<void>;
    }
  }
}

/** `req.ils` (see `Express.IlsRequest`). */
export type IlsRequest = Express.IlsRequest;
