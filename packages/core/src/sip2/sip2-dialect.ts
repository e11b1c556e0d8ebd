import type { Sip2StatusFlag } from './sip2-status-flags.js';

/**
 * What a server family changes, as data: which messages are sent, the zone written in dates, what an
 * answer without CQ means, and which fields carry the patron's record id, expiry and other details.
 * docs/providers.md gives the public source of each value.
 */
export interface Sip2Dialect {
  readonly name: Sip2DialectName;
  /** SC Status (99) after login on each new connection; the server must say it is online. */
  readonly scStatusOnConnect: boolean;
  /** End Patron Session (35) after each patron's exchange. */
  readonly endsSession: boolean;
  /** The zone of the 18-character dates we send: four spaces or `0000`. */
  readonly dateZone: string;
  /**
   * What to do when the 64 answer carries no CQ (valid patron password): `refuse` the sign-in, or ask
   * again with Patron Status (23), whose answer must carry CQ `Y`. Never "let the PIN through".
   */
  readonly unconfirmedPin: 'refuse' | 'patron-status';
  /** Fields that carry the patron's record id, first found wins; the barcode (AA) otherwise. */
  readonly recordIdFields: readonly string[];
  /** Fields that carry the card's expiry date (`YYYYMMDD…`), first found wins. */
  readonly expiryFields: readonly string[];
  /** A field whose `Y` says the card expired, for servers that send a flag rather than a date. */
  readonly expiredFlagField: string | undefined;
  readonly birthdateFields: readonly string[];
  readonly patronTypeFields: readonly string[];
}

export type Sip2DialectName =
  | 'generic'
  | 'sip2-compliant'
  | 'autographics-verso'
  | 'folio'
  | 'koha'
  | 'evergreen'
  | 'polaris'
  | 'sierra';

const generic: Sip2Dialect = {
  name: 'generic',
  scStatusOnConnect: false,
  endsSession: true,
  dateZone: '0000',
  unconfirmedPin: 'refuse',
  recordIdFields: [],
  expiryFields: ['PA', 'PX'],
  expiredFlagField: undefined,
  birthdateFields: ['PB'],
  patronTypeFields: ['PC'],
};

/** The dialects, by the name `sip2({ dialect })` takes. */
export const SIP2_DIALECTS: Readonly<Record<Sip2DialectName, Sip2Dialect>> = {
  // The Palace Project's default ("Generic ILS"): no 99, 35 sent, zone 0000.
  generic,
  // The Palace Project's "SIP v2.00 Compliant": 99 after login, four-space zone.
  'sip2-compliant': { ...generic, name: 'sip2-compliant', scStatusOnConnect: true, dateZone: '    ' },
  // The Palace Project's Auto-Graphics VERSO: the server does not take 35.
  'autographics-verso': { ...generic, name: 'autographics-verso', endsSession: false },
  // The Palace Project's "Folio" (TZSpaces): four-space zone.
  folio: { ...generic, name: 'folio', dateZone: '    ' },
  // Koha writes four-space zones and answers 23 with a CQ computed from AD; PA is not an expiry there.
  koha: {
    ...generic,
    name: 'koha',
    dateZone: '    ',
    unconfirmedPin: 'patron-status',
    expiryFields: [],
  },
  // Evergreen's SIPServer (Georgia PINES extensions): XI record id, PA expiry, PB birth date, PC class.
  evergreen: { ...generic, name: 'evergreen', recordIdFields: ['XI'], expiryFields: ['PA'] },
  // Polaris uses PA for something else: PX is the expiry, PY a Y/N expired flag, BC the birth date.
  polaris: {
    ...generic,
    name: 'polaris',
    expiryFields: ['PX'],
    expiredFlagField: 'PY',
    birthdateFields: ['BC'],
  },
  // Sierra's SIP2 server follows the standard fields; its extensions are not relied on.
  sierra: { ...generic, name: 'sierra', expiryFields: [] },
};

/** The status flags, expiry and fines that refuse a sign-in unless the application says otherwise. */
export type Sip2Refusal = Sip2StatusFlag | 'expired';

export const DEFAULT_SIP2_REFUSALS: readonly Sip2Refusal[] = [
  'charge_privileges_denied',
  'card_lost',
  'expired',
];
