export { closeOnSignals, type DemoConsole, processConsole, startOnPreferredPort } from './command-line.js';
export {
  type DemoSystems,
  demoSystems,
  fiveSystemDescriptors,
  LIBRARY_SSO_ROUTE,
  PIN_FORM_SYSTEMS,
  type PinFormSystem,
  pinFormProviders,
} from './demo-providers.js';
export {
  type AppCredentialCall,
  type AppCredentialCalls,
  appCredentialCalls,
  FIVE_SYSTEMS,
  type FiveSystemName,
  type FiveSystemPatron,
  fiveSystemPatrons,
} from './five-systems.js';
export { type FriendlyError, friendlyError } from './friendly-errors.js';
export {
  type Closable,
  type DemoBackends,
  type DemoSite,
  type DemoSiteOptions,
  startDemoSite,
} from './start-demo-site.js';
