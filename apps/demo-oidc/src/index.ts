export { DEMO_OIDC_PATRON, type DemoOidcPatron } from './demo-patron.js';
export {
  type DemoOidcServer,
  type DemoOidcServerOptions,
  startDemoOidcServer,
} from './start-demo-oidc-server.js';
