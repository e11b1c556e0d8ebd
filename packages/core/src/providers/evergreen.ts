import { IlsAuthError } from '../errors/ils-auth-error.js';
import { sendWithGrant } from '../http/send-with-grant.js';
import { TokenSet } from '../tokens/token-set.js';
import { defineProvider } from './define-provider.js';
import {
  eventOf,
  GATEWAY_PATH,
  gatewayForm,
  gatewayPayload,
  saysNoSession,
  withFirstParam,
} from './evergreen-gateway.js';
import { evergreenPatronOperations } from './evergreen-patron.js';
import { asRecord, firstString } from './profile-fields.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { OptionReader } from './validate-options.js';
import { WITHOUT_OAUTH } from './without-oauth.js';

export interface EvergreenOptions {
  /** The Evergreen server's origin, where `/osrf-gateway-v1` lives, e.g. `https://catalog.library.example`. */
  baseUrl: string;
  /** A staff account with STAFF_LOGIN and VIEW_USER (to read patrons). */
  username: string;
  password: string;
  allowInsecureHttp?: boolean;
}

/**
 * Evergreen through its OpenSRF gateway: the application's staff session (`open-ils.auth.login`, type
 * `staff`) whose authtoken `createClient(d).fetch('osrf-gateway-v1', { method: 'POST', body:
 * gatewayForm(…) })` (or `gatewayCall()`) adds as the first `param`; `NO_SESSION`, inside an HTTP 200,
 * makes it log in again once. The session is used for less than its idle timeout (`authtime`) after the
 * login, so it never times out under a caller. Patrons sign in with type `opac`.
 */
export function evergreen(options: EvergreenOptions): ProviderDescriptor {
  const read = new OptionReader('evergreen', options as unknown as Record<string, unknown>);
  read.rejectUnknown(['baseUrl', 'username', 'password', 'allowInsecureHttp']);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const baseUrl = read.url('baseUrl', allowInsecureHttp);
  const gatewayUrl = `${baseUrl}/${GATEWAY_PATH}`;
  const staff = { username: read.string('username'), password: read.string('password') };

  return defineProvider({
    id: 'evergreen',
    displayName: 'Evergreen',
    appAuth: {
      scheme: 'session-login',
      async login({ grant }) {
        const method = 'open-ils.auth.login';
        const issuedAt = grant.now();
        const answer = await sendWithGrant(
          gatewayUrl,
          { headers: {}, body: gatewayForm('open-ils.auth', method, [{ ...staff, type: 'staff' }]) },
          grant,
          { provider: 'evergreen', purpose: 'Evergreen staff login' },
        );
        const event = eventOf(gatewayPayload(answer, method, [staff.password])[0]);
        if (event?.ilsevent !== 0)
          throw new IlsAuthError(
            'invalid_client',
            `Evergreen refused the staff login (${event?.textcode ?? 'no event'}); check username and password`,
            { provider: 'evergreen', status: 401, retryable: false },
          );
        const payload = asRecord(event.payload);
        const authtoken = firstString(payload.authtoken);
        const idleSeconds = payload.authtime;
        if (!authtoken || typeof idleSeconds !== 'number' || !(idleSeconds > 0))
          throw new IlsAuthError(
            'malformed_response',
            'Evergreen answered a staff login without authtoken or authtime',
            {
              provider: 'evergreen',
            },
          );
        return new TokenSet({ accessToken: authtoken, issuedAt, expiresAt: issuedAt + idleSeconds * 1000 });
      },
      attach(token, request) {
        return { ...request, body: withFirstParam(request.body, token.accessToken) };
      },
      rejectionStatuses: [200],
    },
    clientId: staff.username,
    clientSecret: staff.password,
    ...WITHOUT_OAUTH,
    endpoints: { token: gatewayUrl, apiBase: baseUrl },
    defaultTokenLifetimeSeconds: 7200,
    isTokenRejected: (answer) => answer.status === 200 && saysNoSession(answer.bodyText),
    patron: evergreenPatronOperations(gatewayUrl),
    allowInsecureHttp,
  });
}
