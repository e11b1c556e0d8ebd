// @ils-auth/emulator: loopback emulators of Sierra, OverDrive, RERO ILS, Koha and a SIP2 server, written from
// docs/providers.md. It imports nothing from @ils-auth/core on purpose: it is the independent
// witness that the clients are right, so the two must not share code.

export { type KohaEmulator, type KohaEmulatorOptions, startKoha } from './koha/emulator.js';
export { type KohaClient, type KohaPatron, kohaClients, kohaPatrons } from './koha/seed.js';
export {
  type OverDriveCredentials,
  type OverDriveEmulator,
  type OverDriveOptions,
  startOverDrive,
} from './overdrive/emulator.js';
export {
  type OverDriveClient,
  type OverDriveLibrary,
  type OverDrivePatron,
  type OverDriveProduct,
  type OverDriveWebsite,
  overdriveClients,
  overdriveLibraries,
  overdrivePatrons,
  overdriveProducts,
  overdriveWebsites,
} from './overdrive/seed.js';
export {
  type PatronInfoShape,
  type ReroControls,
  type ReroEmulator,
  type ReroOptions,
  startRero,
} from './rero/emulator.js';
export {
  type ReroClient,
  type ReroMembership,
  type ReroPatron,
  reroClients,
  reroPatrons,
} from './rero/seed.js';
export type { EmulatorControls } from './shared/controls.js';
export type { Fault } from './shared/fault-injection.js';
export type { EmulatorOptions } from './shared/options.js';
export type { RequestLogEntry } from './shared/request-log.js';
export { type SierraEmulator, type SierraOptions, startSierra } from './sierra/emulator.js';
export {
  type SierraBib,
  type SierraClient,
  type SierraPatron,
  sierraBibs,
  sierraClients,
  sierraPatrons,
} from './sierra/seed.js';
export { signInOnRero, signInOnSierraPage } from './sign-in-pages.js';
export type { Sip2LogEntry, Sip2Stats } from './sip2/activity-log.js';
export type { Sip2Controls } from './sip2/controls.js';
export { type Sip2Emulator, startSip2Emulator } from './sip2/emulator.js';
export type { Sip2Encoding } from './sip2/encoding.js';
export type { Sip2FaultKind, Sip2FaultOptions } from './sip2/fault-plan.js';
export type { Sip2FlavourName } from './sip2/flavours.js';
export type { Sip2EmulatorOptions } from './sip2/options.js';
export type { PatronStatusFlag } from './sip2/patron-status-flags.js';
export {
  type Sip2Credentials,
  type Sip2Patron,
  type Sip2PatronState,
  sip2Credentials,
  sip2Patrons,
  sip2UnknownBarcode,
} from './sip2/seed.js';
export { type AllEmulators, type StartAllOptions, startAll } from './start-all.js';
