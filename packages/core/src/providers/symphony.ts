import { TokenSet } from '../tokens/token-set.js';
import { defineProvider } from './define-provider.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { type IlswsService, ilswsHeaders, ilswsLogin } from './symphony-ilsws.js';
import { symphonyPatronOperations } from './symphony-patron.js';
import { anyUnauthorized } from './token-rejection.js';
import { OptionReader } from './validate-options.js';
import { WITHOUT_OAUTH } from './without-oauth.js';

export interface SymphonyOptions {
  /** The web services application, e.g. `https://ilsws.library.example:443/symws`. */
  baseUrl: string;
  /** The client id ILSWS knows the application by (`x-sirs-clientID`). */
  clientId: string;
  /** The application's name (`SD-Originating-App-Id`). Default `ils-auth`. */
  appId?: string;
  staffLogin: string;
  staffPassword: string;
  /** How long a staff session is used before logging in again (a site setting ILSWS does not report). Default 3600. */
  sessionSeconds?: number;
  allowInsecureHttp?: boolean;
}

/**
 * SirsiDynix Symphony Web Services (ILSWS): `x-sirs-clientID` and `SD-Originating-App-Id` on every call,
 * a staff session (`user/staff/login`) sent as `x-sirs-sessionToken`; patrons sign in by
 * `user/patron/login` (401 `messageList` for a wrong PIN or unknown card).
 */
export function symphony(options: SymphonyOptions): ProviderDescriptor {
  const read = new OptionReader('symphony', options as unknown as Record<string, unknown>);
  read.rejectUnknown([
    'baseUrl',
    'clientId',
    'appId',
    'staffLogin',
    'staffPassword',
    'sessionSeconds',
    'allowInsecureHttp',
  ]);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const headerSafe = {
    forbid: /[^\x21-\x7e]/,
    forbidWhy: 'must be printable ASCII without spaces (it is a header)',
  };
  const service: IlswsService = {
    baseUrl: read.url('baseUrl', allowInsecureHttp),
    clientId: read.string('clientId', headerSafe),
    appId:
      options.appId === undefined
        ? 'ils-auth'
        : read.string('appId', {
            forbid: /[^\x20-\x7e]/,
            forbidWhy: 'must be printable ASCII (it is a header)',
          }),
  };
  const staff = { login: read.string('staffLogin'), password: read.string('staffPassword') };
  const sessionSeconds = read.positiveNumber('sessionSeconds', 3600);

  return defineProvider({
    id: 'symphony',
    displayName: 'Symphony',
    appAuth: {
      scheme: 'session-login',
      async login({ grant }) {
        const { sessionToken } = await ilswsLogin(service, 'staff', staff, grant, 'invalid_client', [
          staff.password,
        ]);
        const issuedAt = grant.now();
        return new TokenSet({
          accessToken: sessionToken,
          issuedAt,
          expiresAt: issuedAt + sessionSeconds * 1000,
        });
      },
      attach(token, request) {
        for (const [name, value] of Object.entries(ilswsHeaders(service))) request.headers.set(name, value);
        request.headers.set('x-sirs-sessiontoken', token.accessToken);
        if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
        return request;
      },
    },
    clientId: service.clientId,
    ...WITHOUT_OAUTH,
    endpoints: { token: `${service.baseUrl}/user/staff/login`, apiBase: service.baseUrl },
    defaultTokenLifetimeSeconds: sessionSeconds,
    // ILSWS answers 401 for an expired or unknown session token (a forbidden read is 403).
    isTokenRejected: anyUnauthorized,
    patron: symphonyPatronOperations(service),
    allowInsecureHttp,
  });
}
