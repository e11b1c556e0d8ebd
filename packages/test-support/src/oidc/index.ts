export { type OidcAccount, type OidcServer, signInAtOidcServer, startOidcServer } from './oidc-server.js';
export {
  issuerOptions,
  type OidcTraffic,
  signInAtIssuer,
  useOidcServer,
  watchOidcServer,
} from './oidc-traffic.js';
