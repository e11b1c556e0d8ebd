import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The public API, pinned: every name each entry of the package exports, values and types (`type X`).
// Adding, removing or moving a name fails here, so that a change to what users import shows in review.
// Update a list on purpose, with a changeset saying what moved where.

const packageDir = fileURLToPath(new URL('..', import.meta.url));

const SOURCES: Record<string, string> = {
  '.': 'src/index.ts',
  './web': 'src/web/index.ts',
  './extend': 'src/extend/index.ts',
  './otel': 'src/otel/index.ts',
};

/** What an application uses. */
const ROOT = [
  'IlsAuthError',
  'MemoryStore',
  'PatronRefusedError',
  'TokenSet',
  'alma',
  'closeSip2Connections',
  'createClient',
  'createPatronAuth',
  'evergreen',
  'folio',
  'gatewayCall',
  'healthReport',
  'httpStatusFor',
  'isIlsAuthError',
  'koha',
  'oauth2',
  'onIlsAuthEvent',
  'overdrive',
  'polaris',
  'rero',
  'sierra',
  'sip2',
  'symphony',
  'type AlmaOptions',
  'type AuthorizationTransaction',
  'type ClientOptions',
  'type EvergreenOptions',
  'type FolioOptions',
  'type HealthReport',
  'type IlsAuthErrorCode',
  'type IlsAuthEvent',
  'type IlsClient',
  'type IlsRequestInit',
  'type KohaOptions',
  'type Logger',
  'type MemoryStoreOptions',
  'type OAuth2Options',
  'type OverDriveOptions',
  'type PatronAuth',
  'type PatronAuthOptions',
  'type PatronCredentials',
  'type PatronProfile',
  'type PatronSession',
  'type PolarisOptions',
  'type ProfileSignInOptions',
  'type ProviderDescriptor',
  'type ReroOptions',
  'type SierraOptions',
  'type SignInOptions',
  'type SignedInPatronSession',
  'type Sip2Options',
  'type SymphonyOptions',
  'type TokenStore',
];

/** What a framework integration is built on. */
const WEB = [
  'EngineRequest',
  'IlsAuthEngine',
  'LoginThrottle',
  'MIN_SECRET_LENGTH',
  'PATRON_FIELDS',
  'PENDING_TRANSACTION_LIMIT',
  'SIGN_IN_FAILURE_CODES',
  'SIGN_IN_HEADERS',
  'SignInDeniedError',
  'WEB_OPTION_NAMES',
  'asTransaction',
  'asciiLocation',
  'assertSameOrigin',
  'checkPatronField',
  'checkRoutesPath',
  'checkSecret',
  'cookieNameFor',
  'cookieTransactionHolder',
  'cookiesOf',
  'createBoundedLogger',
  'createSealer',
  'emitEvent',
  'errorAnswer',
  'failureLocation',
  'invalidOption',
  'isLocalPath',
  'isPageRequest',
  'logServerError',
  'mustSignInAgain',
  'normalizeBarcode',
  'normalizeClientIp',
  'offersCodeFlow',
  'patronFetch',
  'patronFromSession',
  'pinlessAllowed',
  'retryAfterHeaders',
  'publicFailureCode',
  'publicOrigin',
  'readCookie',
  'refuseUnknownOptions',
  'resolveWebOptions',
  'safeReturnTo',
  'serializeSetCookie',
  'sessionTransactionHolder',
  'signInAgain',
  'signInAgainLocation',
  'signInLocation',
  'signOut',
  'takePending',
  'throttledLogin',
  'wantsJson',
  'withPending',
  'withQuery',
  'type AcceptedSignIn',
  'type AllowedHosts',
  'type BoundedLogger',
  'type EngineAdapter',
  'type EngineOptions',
  'type EngineSetup',
  'type ErrorAnswer',
  'type HeldTransaction',
  'type IlsAuthCallbacks',
  'type IlsAuthEvents',
  'type IpThrottleLimit',
  'type LineLogger',
  'type Patron',
  'type PatronFetchInit',
  'type PatronField',
  'type PinForm',
  'type ProviderSettings',
  'type ResolvedWebOptions',
  'type Sealer',
  'type SetCookie',
  'type SignInAnswer',
  'type SignInCallbackMessage',
  'type SignInCallbackResult',
  'type SignInEventMessage',
  'type SignInMethod',
  'type SignInStep',
  'type SignInStepOptions',
  'type SignOutEventMessage',
  'type SignOutOptions',
  'type SignedIn',
  'type ThrottleLimit',
  'type ThrottleOptions',
  'type ThrottleStoreOutage',
  'type TransactionContext',
  'type TransactionHolder',
  'type WebOptions',
  'type WebProvider',
  'type WebRedirect',
  'type WebRequest',
];

/** What code that extends ils-auth uses: its own provider descriptor or store, or the grants by hand. */
const EXTEND = [
  'DEFAULT_USER_AGENT',
  'PATRON_BLOCK_REASONS',
  'SIP2_DIALECTS',
  'SIP2_STATUS_FLAGS',
  'anyUnauthorized',
  'callbackParams',
  'checkSip2Server',
  'clientCredentialsGrant',
  'createAuthorizationRequest',
  'createPkcePair',
  'defineProvider',
  'discoverProvider',
  'errorFromAnswer',
  'eventOf',
  'exchangeAuthorizationCode',
  'gatewayForm',
  'isStoreUnavailable',
  'mapAlmaUser',
  'mapEvergreenUser',
  'mapFolioUser',
  'mapKohaPatron',
  'mapPolarisPatron',
  'mapReroPatron',
  'mapSierraPatron',
  'mapSymphonyPatron',
  'parseCallback',
  'parseWwwAuthenticate',
  'passwordGrant',
  'publishEvent',
  'pwsHeaders',
  'pwsStringToSign',
  'readProviderErrorBody',
  'refreshTokenGrant',
  'rejectedPerRfc6750',
  'revokeToken',
  'storeUnavailable',
  'type AppAuthentication',
  'type AuthChallenge',
  'type AuthorizationRequest',
  'type AuthorizationRequestOptions',
  'type BackoffRunner',
  'type CodeExchange',
  'type CounterValue',
  'type CredentialAttachment',
  'type EvergreenEvent',
  'type FolioPatronLoginField',
  'type GrantContext',
  'type GrantType',
  'type JsonGetter',
  'type OpenIdSettings',
  'type OutgoingRequest',
  'type PasswordCredentials',
  'type PatronBlock',
  'type PatronBlockReason',
  'type PatronFines',
  'type PatronInstitution',
  'type PatronOperations',
  'type PinCheckContext',
  'type PinCheckResult',
  'type PkcePair',
  'type ProfileContext',
  'type ProviderAnswer',
  'type ProviderDiscovery',
  'type ProviderEndpoints',
  'type ProviderErrorBody',
  'type PwsKey',
  'type RevocableToken',
  'type SerializedTokenSet',
  'type ServerMetadata',
  'type SessionLoginAuthentication',
  'type SessionLoginContext',
  'type SignedRequest',
  'type Sip2CheckName',
  'type Sip2CheckResult',
  'type Sip2Dialect',
  'type Sip2DialectName',
  'type Sip2Encoding',
  'type Sip2Refusal',
  'type Sip2StatusFlag',
  'type Sip2Timeouts',
  'type Sip2TlsOptions',
  'type StaticKeyAuthentication',
  'type TokenEndpointAuthMethod',
  'type TokenRejectionTest',
  'type TokenSetInit',
];

/** OpenTelemetry, the only entry that imports `@opentelemetry/api`. */
const OTEL = [
  'INSTRUMENTATION_SCOPE',
  'TOKEN_REQUEST_SPAN',
  'instrumentOpenTelemetry',
  'type OpenTelemetryOptions',
];

const PINNED: Record<string, readonly string[]> = {
  '.': ROOT,
  './web': WEB,
  './extend': EXTEND,
  './otel': OTEL,
};

/** Every exported name of each entry, as the type checker sees it: `type X` when X is only a type. */
function exportedNames(): Record<string, string[]> {
  const files = Object.fromEntries(
    Object.entries(SOURCES).map(([entry, file]) => [entry, `${packageDir}${file}`]),
  );
  const program = ts.createProgram(Object.values(files), {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const names: Record<string, string[]> = {};
  for (const [entry, file] of Object.entries(files)) {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${file} is not a module`);
    names[entry] = checker
      .getExportsOfModule(module)
      .map((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return target.flags & ts.SymbolFlags.Value ? symbol.name : `type ${symbol.name}`;
      })
      .sort();
  }
  return names;
}

const sorted = (names: readonly string[]) => [...names].sort();

describe('the public API', () => {
  const actual = exportedNames();

  it('has one pinned list per entry of package.json', () => {
    const manifest = JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8')) as { exports: object };
    const entries = Object.keys(manifest.exports).filter((entry) => entry !== './package.json');
    expect(entries.sort()).toEqual(Object.keys(SOURCES).sort());
  });

  for (const entry of Object.keys(SOURCES)) {
    it(`exports exactly the pinned names from '@ils-auth/core${entry.slice(1)}'`, () => {
      expect(actual[entry]).toEqual(sorted(PINNED[entry] ?? []));
    });
  }

  it('exports no name from two entries', () => {
    const entriesOf = new Map<string, string[]>();
    for (const [entry, names] of Object.entries(actual))
      for (const name of names) {
        const bare = name.replace(/^type /, '');
        entriesOf.set(bare, [...(entriesOf.get(bare) ?? []), entry]);
      }
    expect([...entriesOf].filter(([, entries]) => entries.length > 1)).toEqual([]);
  });

  it('keeps the root entry to what an application uses (fewer than 60 names)', () => {
    expect(actual['.']?.length).toBeLessThan(60);
  });

  it('has the same values at run time as the type checker sees', async () => {
    const modules: Record<string, object> = {
      '.': await import('./index.js'),
      './web': await import('./web/index.js'),
      './extend': await import('./extend/index.js'),
      './otel': await import('./otel/index.js'),
    };
    for (const [entry, module] of Object.entries(modules)) {
      const values = (actual[entry] ?? []).filter((name) => !name.startsWith('type '));
      expect(Object.keys(module).sort(), entry).toEqual(values);
    }
  });
});
