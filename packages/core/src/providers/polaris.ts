import { pwsHeaders } from '../client/app-auth/request-signing.js';
import { configError } from '../errors/config-error.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { TokenSet } from '../tokens/token-set.js';
import { defineProvider } from './define-provider.js';
import { type PapiService, papiAuthenticate, papiErrorCode } from './polaris-papi.js';
import { polarisPatronOperations } from './polaris-patron.js';
import { firstString } from './profile-fields.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { OptionReader } from './validate-options.js';
import { WITHOUT_OAUTH } from './without-oauth.js';

export interface PolarisOptions {
  /** PAPI's REST base, e.g. `https://polaris.library.example/PAPIService/REST`. */
  baseUrl: string;
  /** The PAPI access id and key (from the PAPI Key Management tool). */
  accessId: string;
  accessKey: string;
  /** The staff account protected methods and patron look-ups run as. */
  staffDomain: string;
  staffUsername: string;
  staffPassword: string;
  /** URL segments `{LangID}/{AppID}/{OrgID}`; default 1033, 100, 1 (English, the PAPI app, the system). */
  langId?: string;
  appId?: string;
  orgId?: string;
  allowInsecureHttp?: boolean;
}

/**
 * The staff session as one token: PAPI's AccessToken (a path segment) and AccessSecret (the end of every
 * signature) travel together, so they are kept together, in the token's secret field: never printed,
 * and in the store only as tokens are.
 */
const PAIR_SEPARATOR = '\n';
const staffPair = (token: TokenSet) => {
  const at = token.accessToken.indexOf(PAIR_SEPARATOR);
  return { accessToken: token.accessToken.slice(0, at), accessSecret: token.accessToken.slice(at + 1) };
};

/**
 * Polaris PAPI: every request signed (`PWS` HMAC-SHA1 over method, URL, `PolarisDate` and a secret); a
 * staff session (AccessToken and AccessSecret, 24 h) for protected methods, where `createClient(d).fetch`
 * puts the token in the path after `…/protected/v1/{lang}/{app}/{org}/` and signs with the secret, and
 * for public patron methods through the staff override (`X-PAPI-AccessToken`). Patrons sign in by
 * `authenticator/patron`; a failure is a negative `PAPIErrorCode` in an HTTP 200. Three failed staff
 * logins in five minutes lock the account: a refused staff login is never repeated by ils-auth.
 */
export function polaris(options: PolarisOptions): ProviderDescriptor {
  const read = new OptionReader('polaris', options as unknown as Record<string, unknown>);
  read.rejectUnknown([
    'baseUrl',
    'accessId',
    'accessKey',
    'staffDomain',
    'staffUsername',
    'staffPassword',
    'langId',
    'appId',
    'orgId',
    'allowInsecureHttp',
  ]);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const baseUrl = read.url('baseUrl', allowInsecureHttp);
  const segment = (name: string, fallback: string) => {
    const value = read.optionalString(name) ?? fallback;
    if (!/^\d+$/.test(value)) throw configError('polaris', name, 'must be a number, as PAPI URLs carry it');
    return value;
  };
  const scope = `v1/${segment('langId', '1033')}/${segment('appId', '100')}/${segment('orgId', '1')}`;
  const service: PapiService = {
    accessId: read.string('accessId', { forbid: /[:\s]/, forbidWhy: 'must not contain ":" or spaces' }),
    accessKey: read.string('accessKey'),
    publicBase: `${baseUrl}/public/${scope}`,
    protectedBase: `${baseUrl}/protected/${scope}`,
  };
  const staff = {
    Domain: read.string('staffDomain'),
    Username: read.string('staffUsername'),
    Password: read.string('staffPassword'),
  };

  return defineProvider({
    id: 'polaris',
    displayName: 'Polaris',
    appAuth: {
      scheme: 'session-login',
      async login({ grant }) {
        const body = await papiAuthenticate(
          service,
          `${service.protectedBase}/authenticator/staff`,
          staff,
          grant,
          'Polaris staff login',
          [staff.Password],
        );
        if (papiErrorCode(body) !== undefined)
          throw new IlsAuthError(
            'invalid_client',
            `Polaris refused the staff login (${staff.Domain}\\${staff.Username}): ${firstString(body.ErrorMessage) ?? 'no reason given'}`,
            { provider: 'polaris', status: 401, retryable: false },
          );
        const accessToken = firstString(body.AccessToken);
        const accessSecret = firstString(body.AccessSecret);
        const expiresAt = Date.parse(firstString(body.AuthExpDate) ?? '');
        if (
          !accessToken ||
          !accessSecret ||
          accessToken.includes(PAIR_SEPARATOR) ||
          !Number.isFinite(expiresAt)
        )
          throw new IlsAuthError(
            'malformed_response',
            'Polaris answered a staff login without a usable token',
            {
              provider: 'polaris',
            },
          );
        return new TokenSet({
          accessToken: `${accessToken}${PAIR_SEPARATOR}${accessSecret}`,
          issuedAt: grant.now(),
          expiresAt,
        });
      },
      attach(token, request) {
        const pair = staffPair(token);
        let url = request.url;
        const protectedPrefix = `${service.protectedBase}/`;
        if (url.startsWith(protectedPrefix))
          url = `${protectedPrefix}${encodeURIComponent(pair.accessToken)}/${url.slice(protectedPrefix.length)}`;
        else request.headers.set('x-papi-accesstoken', pair.accessToken);
        const date = new Date().toUTCString();
        const signed = pwsHeaders(service, { method: request.method, url, date, secret: pair.accessSecret });
        request.headers.set('polarisdate', signed.polarisdate);
        request.headers.set('authorization', signed.authorization);
        if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
        return { ...request, url };
      },
    },
    clientId: service.accessId,
    clientSecret: service.accessKey,
    ...WITHOUT_OAUTH,
    endpoints: {
      token: `${service.protectedBase}/authenticator/staff`,
      apiBase: service.protectedBase,
      patronApiBase: service.publicBase,
    },
    defaultTokenLifetimeSeconds: 86_400,
    // A 401 to a signed call with the staff session: the session expired, or PAPI forgot it.
    isTokenRejected: (answer) => answer.status === 401,
    patron: polarisPatronOperations(service),
    allowInsecureHttp,
  });
}
