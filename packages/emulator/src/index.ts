// @ils-auth/emulator: loopback emulators of Sierra, OverDrive, RERO ILS, Koha and a SIP2 server, written from
// docs/providers.md. It imports nothing from @ils-auth/core on purpose: it is the independent
// witness that the clients are right, so the two must not share code.

export {
  type AlmaControls,
  type AlmaEmulator,
  type AlmaEmulatorOptions,
  startAlmaEmulator,
} from './alma/emulator.js';
export { type AlmaApiKey, type AlmaUser, almaApiKeys, almaUsers } from './alma/seed.js';
export {
  type EvergreenControls,
  type EvergreenEmulator,
  type EvergreenEmulatorOptions,
  startEvergreenEmulator,
} from './evergreen/emulator.js';
export { type EvergreenPenalty, type EvergreenUser, evergreenUsers } from './evergreen/seed.js';
export type { IdleTimeouts } from './evergreen/state.js';
export {
  type FolioControls,
  type FolioEmulator,
  type FolioEmulatorOptions,
  startFolioEmulator,
} from './folio/emulator.js';
export { FOLIO_TENANT, type FolioUser, folioUsers } from './folio/seed.js';
export { type KohaEmulator, type KohaEmulatorOptions, startKoha } from './koha/emulator.js';
export {
  type KohaClient,
  type KohaPatron,
  type KohaPatronAccount,
  type KohaPatronLogin,
  kohaClients,
  kohaPatronAccounts,
  kohaPatronLogins,
  kohaPatrons,
} from './koha/seed.js';
export type { KohaPasswordValidationRelease } from './koha/state.js';
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
  type PolarisControls,
  type PolarisEmulator,
  type PolarisEmulatorOptions,
  startPolarisEmulator,
} from './polaris/emulator.js';
export {
  type PapiKey,
  type PolarisPatron,
  type PolarisStaffUser,
  papiKeys,
  polarisPatrons,
  polarisStaffUsers,
} from './polaris/seed.js';
export type { SecretKind, SignatureCheck } from './polaris/signature-log.js';
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
export type { LoginControls, LoginCounts, LoginOutcome } from './shared/login-counter.js';
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
export {
  type SymphonyEmulator,
  type SymphonyEmulatorOptions,
  startSymphonyEmulator,
} from './symphony/emulator.js';
export {
  type SymphonyClient,
  type SymphonyPatron,
  type SymphonyStaffUser,
  symphonyClients,
  symphonyPatrons,
  symphonyStaffUsers,
} from './symphony/seed.js';
