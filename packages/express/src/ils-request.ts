import type { IlsClient } from '@ils-auth/core';
import type { PatronFetchInit } from '@ils-auth/core/web';

export type { PatronFetchInit };

declare global {
  namespace Express {
    /**
     * `req.ils`: what a route handler needs from ils-auth during one request. Methods, not function-typed
     * properties, so the ESM and CommonJS declarations of this interface merge (no TS2717).
     */
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
