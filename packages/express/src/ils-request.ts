import type { IlsClient } from '@ils-auth/core';
import type { PatronFetchInit } from '@ils-auth/core/web';

export type { PatronFetchInit };

declare global {
  namespace Express {
    /**
     * `req.ils`: what a route handler needs from ils-auth during one request. Declared in the global
     * `Express` namespace, with methods rather than function-typed properties, because a project with both
     * `.mts` and `.cts` files reads this package's ESM and CommonJS declarations: the two copies of this
     * interface then merge (methods become overloads), where two copies of an exported type that mentions
     * core's classes would differ and `Request.ils` would fail with TS2717.
     */
    interface IlsRequest {
      /** Where the ilsAuth router is mounted (`req.baseUrl` when it ran); '' at the root. */
      readonly mountPath: string;
      /** The names given in `ilsAuth({ providers })`. */
      readonly providers: string[];
      /**
       * Providers whose session in this browser ended during this request (expired, refused, signed out
       * everywhere): the one a patron is sent back to when they must sign in again.
       */
      readonly endedProviders: readonly string[];
      /** A provider's shared app-token client, with `X-Forwarded-For` for providers that want the patron's IP. */
      client(name: string): IlsClient;
      /**
       * An API call as a signed-in patron (`req.patron`, or `init.provider`'s): their token, renewed where the
       * provider allows, or the app token for PIN-checked sessions. `session_expired` (401) when that patron is
       * not signed in or cannot be renewed; their session then ends.
       */
      patronFetch(input: string | URL, init?: PatronFetchInit): Promise<globalThis.Response>;
      /**
       * The sign-in URL of a provider, coming back to `returnTo`. Default provider: the one whose session just
       * ended, else the first that offers sign-in.
       */
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
