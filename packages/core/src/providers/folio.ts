import { defineProvider } from './define-provider.js';
import { type FolioGateway, folioHeaders, folioLogin, folioRefresh } from './folio-authn.js';
import { type FolioPatronLoginField, folioPatronOperations } from './folio-patron.js';
import type { ProviderDescriptor } from './provider-descriptor.js';
import { anyUnauthorized } from './token-rejection.js';
import { OptionReader } from './validate-options.js';
import { WITHOUT_OAUTH } from './without-oauth.js';

export interface FolioOptions {
  /** The gateway's origin (Okapi, or Kong under Eureka), e.g. `https://okapi.library.example`. */
  okapiUrl: string;
  tenant: string;
  /** The application's FOLIO user, with the permissions to read users, manual blocks and accounts. */
  username: string;
  password: string;
  /** `okapi` (default) or `eureka`: Eureka answers wrong credentials with 401 instead of 422. */
  mode?: 'okapi' | 'eureka';
  /** `with-expiry` (default, rotating refresh tokens) or `legacy` (`/authn/login`, deprecated). */
  login?: 'with-expiry' | 'legacy';
  /** What a patron types as the card number: `username` (default) or `barcode`. */
  patronLoginField?: FolioPatronLoginField;
  allowInsecureHttp?: boolean;
}

const LEGACY_TOKEN_SECONDS = 3600;

/**
 * FOLIO through its gateway: the application's user logs in at `/authn/login-with-expiry` (tokens in
 * cookies; access tokens live 10 minutes, refresh tokens are single use and rotate), every call carries
 * `X-Okapi-Tenant` and `X-Okapi-Token`. Patrons sign in with their own FOLIO credentials.
 */
export function folio(options: FolioOptions): ProviderDescriptor {
  const read = new OptionReader('folio', options as unknown as Record<string, unknown>);
  read.rejectUnknown([
    'okapiUrl',
    'tenant',
    'username',
    'password',
    'mode',
    'login',
    'patronLoginField',
    'allowInsecureHttp',
  ]);
  const allowInsecureHttp = read.boolean('allowInsecureHttp', false);
  const gateway: FolioGateway = {
    okapiUrl: read.url('okapiUrl', allowInsecureHttp),
    tenant: read.string('tenant', { forbid: /[^\w-]/, forbidWhy: 'must be letters, digits, "_" or "-"' }),
    mode: read.oneOf('mode', ['okapi', 'eureka'], 'okapi'),
    login: read.oneOf('login', ['with-expiry', 'legacy'], 'with-expiry'),
    legacyTokenSeconds: LEGACY_TOKEN_SECONDS,
  };
  const username = read.string('username');
  const password = read.string('password');
  const patronLoginField = read.oneOf('patronLoginField', ['username', 'barcode'], 'username');
  const credentialsOf = (provider: ProviderDescriptor) => ({
    username: provider.clientId,
    password: provider.clientSecret ?? '',
  });

  return defineProvider({
    id: 'folio',
    displayName: 'FOLIO',
    appAuth: {
      scheme: 'session-login',
      login: ({ provider, grant }) => folioLogin(gateway, credentialsOf(provider), grant, 'invalid_client'),
      refresh:
        gateway.login === 'with-expiry'
          ? ({ grant }, current) => folioRefresh(gateway, current.refreshToken ?? '', grant)
          : undefined,
      attach(token, request) {
        for (const [name, value] of Object.entries(folioHeaders(gateway, token.accessToken)))
          request.headers.set(name, value);
        return request;
      },
    },
    clientId: username,
    clientSecret: password,
    ...WITHOUT_OAUTH,
    endpoints: {
      token: `${gateway.okapiUrl}/authn/${gateway.login === 'legacy' ? 'login' : 'login-with-expiry'}`,
      apiBase: gateway.okapiUrl,
    },
    defaultTokenLifetimeSeconds: 600,
    // mod-authtoken answers 401 "Invalid token" for an expired or revoked token, and only then.
    isTokenRejected: anyUnauthorized,
    patron: folioPatronOperations(gateway, patronLoginField),
    allowInsecureHttp,
  });
}
