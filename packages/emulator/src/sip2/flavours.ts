import type { PatronCheck } from './patron-check.js';
import { NO_PRIVILEGES, PATRON_STATUS_FLAGS, type PatronStatusFlag } from './patron-status-flags.js';
import { optionalField, type ResponseField } from './response.js';
import type { Sip2Patron } from './seed.js';
import { compactDate } from './sip-date.js';

export type Sip2FlavourName = 'generic' | 'koha' | 'evergreen' | 'polaris' | 'sierra';

/**
 * One server's habits, as data: what it writes in a date's zone, when it sends CQ, which limits and
 * extension fields it adds, how it words a refusal. Handlers read these; none asks which server it is.
 */
export interface Sip2Flavour {
  /** The four characters between date and time. */
  dateZone: string;
  /** Whether 24 and 64 carry `CQN` when the request had no `AD`, or leave CQ out. */
  cqWithoutPassword: { patronStatus: boolean; patronInformation: boolean };
  /** Whether fines over the limit set the "excessive outstanding fines" flag. */
  flagsExcessiveFines: boolean;
  /** What else is flagged when fines pass the limit. */
  finesOverLimitFlags: readonly PatronStatusFlag[];
  /** Flags of a known patron whose PIN was wrong (some servers flag everything). */
  wrongPinFlags: readonly PatronStatusFlag[];
  /** BZ/CA/CB item limits in 64. */
  sendsItemLimits: boolean;
  /** CC (fee limit) in 64. */
  sendsFeeLimit: boolean;
  unknownPatron: {
    name: string;
    cq: boolean;
    screenMessages: readonly string[];
    printLines: readonly string[];
  };
  wrongPinMessages: { screen: readonly string[]; print: readonly string[] };
  /** AF/AG for a known patron with at least one flag set, and for one with none. */
  blockedMessages: { screen: readonly string[]; print: readonly string[] };
  okMessages: { screen: readonly string[]; print: readonly string[] };
  /** Extension fields of 64 for a known patron, after the standard ones. */
  extensions(patron: Sip2Patron, check: PatronCheck): ResponseField[];
}

const none = { screen: [], print: [] } as const;

export const SIP2_FLAVOURS: Readonly<Record<Sip2FlavourName, Sip2Flavour>> = {
  // The standard alone: no extension fields, CQN whenever a PIN was not confirmed.
  generic: {
    dateZone: '    ',
    cqWithoutPassword: { patronStatus: true, patronInformation: true },
    flagsExcessiveFines: true,
    finesOverLimitFlags: [],
    wrongPinFlags: [],
    sendsItemLimits: true,
    sendsFeeLimit: true,
    unknownPatron: { name: '', cq: true, screenMessages: ['Unknown patron'], printLines: [] },
    wrongPinMessages: { screen: ['Invalid PIN'], print: [] },
    blockedMessages: { screen: ['Patron blocked'], print: [] },
    okMessages: none,
    extensions: () => [],
  },
  // Koha C4/SIP/Sip/MsgType.pm: CQ in 24 always (N without AD), in 64 only when AD was sent; no item
  // limits (a TODO there) but always CC; an unknown card is YYYY + 10 spaces, empty AE, BLN, AF
  // "Invalid cardnumber"; a wrong PIN appends " -- Invalid password" to the patron's screen message.
  // Zone: four spaces (Constants.pm SIP_DATETIME).
  koha: {
    dateZone: '    ',
    cqWithoutPassword: { patronStatus: true, patronInformation: false },
    flagsExcessiveFines: true,
    finesOverLimitFlags: ['chargePrivilegesDenied'],
    wrongPinFlags: [],
    sendsItemLimits: false,
    sendsFeeLimit: true,
    unknownPatron: { name: '', cq: false, screenMessages: ['Invalid cardnumber'], printLines: [] },
    wrongPinMessages: { screen: ['Greetings from Koha.  -- Invalid password'], print: [] },
    blockedMessages: { screen: ['Greetings from Koha. '], print: [] },
    okMessages: { screen: ['Greetings from Koha. '], print: [] },
    extensions: (patron) => [
      ...optionalField('PB', patron.birthDate === undefined ? undefined : compactDate(patron.birthDate)),
      ['PC', patron.patronClass],
    ],
  },
  // Evergreen's SIPServer, as in Palace's recorded answers: no CQ without AD, no fee limit, extension
  // fields PA (expiry, YYYYMMDD), PB (birth date), PC (class), PI (internet privileges), XI (record id);
  // an expired card is YYYY with AF "blocked"; an unknown one BLN with an empty AE.
  evergreen: {
    dateZone: '    ',
    cqWithoutPassword: { patronStatus: false, patronInformation: false },
    flagsExcessiveFines: false,
    finesOverLimitFlags: ['recallPrivilegesDenied'],
    wrongPinFlags: [],
    sendsItemLimits: false,
    sendsFeeLimit: false,
    unknownPatron: { name: '', cq: false, screenMessages: [], printLines: [] },
    wrongPinMessages: none,
    blockedMessages: { screen: ['blocked'], print: [] },
    okMessages: none,
    extensions: (patron) => [
      ['PA', compactDate(patron.expires)],
      ...optionalField('PB', patron.birthDate === undefined ? undefined : compactDate(patron.birthDate)),
      ['PC', patron.patronClass],
      ['PI', 'Allowed'],
      ['XI', patron.internalId],
    ],
  },
  // Polaris, as in Palace's recorded answers: PX expiry as `YYYYMMDD    235959` and PY expired Y/N, BC
  // birth date, PZ postal code, and PA meaning something else entirely (here `1`); refusals flag YYYY
  // (fines add "excessive fines") with the reason in AF and AG.
  polaris: {
    dateZone: '    ',
    cqWithoutPassword: { patronStatus: true, patronInformation: true },
    flagsExcessiveFines: true,
    finesOverLimitFlags: NO_PRIVILEGES,
    wrongPinFlags: NO_PRIVILEGES,
    sendsItemLimits: true,
    sendsFeeLimit: true,
    unknownPatron: {
      name: ', ',
      cq: true,
      screenMessages: ['Patron does not exist.'],
      printLines: ['Patron does not exist.'],
    },
    wrongPinMessages: {
      screen: ['Invalid patron password. Passwords do not match.'],
      print: ['Invalid patron password.'],
    },
    blockedMessages: { screen: ['Patron has blocks.'], print: ['Patron has blocks.'] },
    okMessages: { screen: ['Patron status is ok.'], print: ['Patron status is ok.'] },
    extensions: (patron, check) => [
      ['BC', patron.birthDate === undefined ? '' : `${compactDate(patron.birthDate)}    000000`],
      ['PA', '1'],
      ['PZ', patron.postalCode ?? ''],
      ['PX', `${compactDate(patron.expires)}    235959`],
      ['PY', check.expired ? 'Y' : 'N'],
      ['FA', '0.00'],
    ],
  },
  // Sierra's SIP server, as in Palace's recorded answers: zone `0000`, limits and CC, no expiry field; a
  // wrong PIN flags all but three positions and says so in two AF lines.
  sierra: {
    dateZone: '0000',
    cqWithoutPassword: { patronStatus: true, patronInformation: true },
    flagsExcessiveFines: false,
    finesOverLimitFlags: [],
    wrongPinFlags: PATRON_STATUS_FLAGS.filter((_, index) => index === 0 || index >= 3),
    sendsItemLimits: true,
    sendsFeeLimit: true,
    unknownPatron: { name: '', cq: true, screenMessages: ['Invalid patron barcode'], printLines: [] },
    wrongPinMessages: {
      screen: [
        'Invalid PIN entered.  Please try again or see a staff member for assistance.',
        'There are unresolved issues with your account.  Please see a staff member for assistance.',
      ],
      print: [],
    },
    blockedMessages: none,
    okMessages: none,
    extensions: () => [],
  },
};
