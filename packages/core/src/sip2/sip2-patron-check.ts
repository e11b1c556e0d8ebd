import { IlsAuthError } from '../errors/ils-auth-error.js';
import { PatronRefusedError } from '../errors/patron-refused-error.js';
import type { PatronProfile } from '../patrons/patron-profile.js';
import type { PinCheckResult } from '../providers/provider-descriptor.js';
import type { Sip2Connection, Sip2Drop } from './sip2-connection.js';
import { sip2Date, utcCalendarDate } from './sip2-date.js';
import type { Sip2Dialect, Sip2Refusal } from './sip2-dialect.js';
import { fieldOf, type Sip2Message } from './sip2-message.js';
import { finesOverLimit, mapSip2Patron, sip2PatronId } from './sip2-patron-profile.js';
import {
  endSessionRequest,
  patronInformationRequest,
  patronStatusRequest,
  type Sip2PatronRequest,
} from './sip2-requests.js';
import { SIP2_STATUS_FLAGS, type Sip2StatusFlag } from './sip2-status-flags.js';

/** What a patron exchange needs besides the patron: the account's institution and terminal password. */
export interface Sip2PatronSettings {
  readonly provider: string;
  readonly displayName: string;
  readonly dialect: Sip2Dialect;
  readonly institution: string;
  readonly terminalPassword: string;
  readonly refusals: ReadonlySet<Sip2Refusal>;
  readonly unconfirmedPin: Sip2Dialect['unconfirmedPin'];
  /** Send a PIN message again when the server closed an idle connection as it arrived (`Sip2Drop`). */
  readonly resendAfterIdleDrop: boolean;
}

interface PatronAnswers {
  information: Sip2Message;
  /** The 23/24 exchange, when the 64 did not say whether the PIN is right and the dialect asks again. */
  status: Sip2Message | undefined;
}

/**
 * One patron's exchange on a borrowed connection: Patron Information (63) with the PIN, then Patron Status
 * (23) when the 64 left the PIN unconfirmed and the dialect asks again. The answers decide the sign-in;
 * End Patron Session (35) is `endPatronSession`'s, sent once the sign-in has its answer.
 */
export async function exchangePatron(
  connection: Sip2Connection,
  settings: Sip2PatronSettings,
  patron: Sip2Patron,
  now: number,
): Promise<PatronAnswers> {
  const request = patronRequest(settings, patron, now);
  const information = await connection.exchange(patronInformationRequest(request), '64');
  const askAgain =
    patron.pin !== undefined &&
    fieldOf(information, 'BL') === 'Y' &&
    fieldOf(information, 'CQ') === undefined &&
    settings.unconfirmedPin === 'patron-status';
  const status = askAgain ? await connection.exchange(patronStatusRequest(request), '24') : undefined;
  return { information, status };
}

/**
 * End Patron Session (35) and its answer (36), when the dialect sends it. Nothing waits for it but the
 * connection: its outcome cannot change a sign-in that already had its 64, and a 36 that never comes ends
 * in the connection's answer timeout, which destroys the socket.
 */
export async function endPatronSession(
  connection: Sip2Connection,
  settings: Sip2PatronSettings,
  patron: Sip2Patron,
  now: number,
): Promise<void> {
  if (!settings.dialect.endsSession) return;
  await connection.exchange(endSessionRequest(patronRequest(settings, patron, now)), '36');
}

export interface Sip2Patron {
  readonly barcode: string;
  readonly pin: string | undefined;
}

function patronRequest(settings: Sip2PatronSettings, patron: Sip2Patron, now: number): Sip2PatronRequest {
  return {
    date: sip2Date(now, settings.dialect.dateZone),
    institution: settings.institution,
    terminalPassword: settings.terminalPassword,
    barcode: patron.barcode,
    ...(patron.pin === undefined ? {} : { pin: patron.pin }),
  };
}

/**
 * Whether the answers let the patron in, as data of the dialect and settings: BL must be `Y`, CQ must be
 * `Y` (an answer without CQ never lets a PIN through), then the configured refusals (status flags, an
 * expired card, fines above the limit) refuse a known patron with a reason.
 */
export function judgeSip2Patron(
  answers: PatronAnswers,
  settings: Sip2PatronSettings,
  barcode: string,
  now: number,
): PinCheckResult {
  const { information, status } = answers;
  const { provider, displayName } = settings;
  // An unknown card and a wrong PIN are one answer: the message reaches JSON clients, and two would tell
  // which card numbers exist.
  if (fieldOf(information, 'BL') !== 'Y') throw refused(settings, 'no patron with that card number and PIN');
  const pinValid = fieldOf(information, 'CQ') ?? (status && fieldOf(status, 'CQ'));
  if (pinValid === 'N') throw refused(settings, 'no patron with that card number and PIN');
  if (pinValid !== 'Y') throw refused(settings, 'the server did not confirm the PIN');
  const profile = mapSip2Patron(information, settings.dialect, { provider, barcode });
  const reason = refusalOf({ profile, information, dialect: settings.dialect, now }, settings.refusals);
  if (reason)
    throw new PatronRefusedError(
      reason,
      `${displayName} does not let this card sign in (${reason})`,
      provider,
    );
  return { patronId: sip2PatronId(information, settings.dialect, barcode), profile };
}

// A function of the module, not a closure per sign-in: the build names every closure it makes (keepNames).
function refused({ provider, displayName }: Sip2PatronSettings, why: string): IlsAuthError {
  return new IlsAuthError('invalid_credentials', `${displayName} refused the card number or PIN (${why})`, {
    provider,
    status: 401,
  });
}

/** What a refusal is judged on. */
interface RefusalFacts {
  profile: PatronProfile;
  information: Sip2Message;
  dialect: Sip2Dialect;
  now: number;
}

type RefusalTest = (facts: RefusalFacts) => boolean;

const flagRaised =
  (flag: Sip2StatusFlag): RefusalTest =>
  ({ profile }) =>
    profile.blocks?.some((block) => block.reason === flag) ?? false;

/**
 * Each refusal's test, most telling first: a lost card, an expired card (servers often flag an expired
 * card as "charge privileges denied" too), the other flags in wire order, then fines (the server's own
 * flag, or the balance above the limit it sent).
 */
const REFUSAL_TESTS: readonly (readonly [Sip2Refusal, RefusalTest])[] = [
  ['card_lost', flagRaised('card_lost')],
  ['expired', cardExpired],
  ...SIP2_STATUS_FLAGS.filter((flag) => flag !== 'card_lost').map(
    (flag): readonly [Sip2Refusal, RefusalTest] => [
      flag,
      flag === 'excessive_fines'
        ? (facts) => flagRaised(flag)(facts) || finesOverLimit(facts.profile)
        : flagRaised(flag),
    ],
  ),
];

/** The first configured refusal that applies. */
function refusalOf(facts: RefusalFacts, refusals: ReadonlySet<Sip2Refusal>): Sip2Refusal | undefined {
  for (const [refusal, applies] of REFUSAL_TESTS) if (refusals.has(refusal) && applies(facts)) return refusal;
  return undefined;
}

function cardExpired({ profile, information, dialect, now }: RefusalFacts): boolean {
  if (dialect.expiredFlagField && fieldOf(information, dialect.expiredFlagField)?.trim() === 'Y') return true;
  // The card is valid through its last day, whatever the zone: compare calendar dates, not instants.
  return profile.expiresAt !== undefined && profile.expiresAt < utcCalendarDate(now);
}

/**
 * Whether a patron message may be sent again on a fresh connection after the server closed the connection
 * without a byte of answer, for one sign-in (the predicate counts). A message with the PIN is sent again
 * when the server cannot have read it (the close had arrived before it was written, or the server's TCP
 * reset the connection, discarding it unread), and once per sign-in, when `resendAfterIdleDrop` allows it,
 * when it was the first message on a connection that sat idle in the pool (`idle-race`: the server's idle
 * timeout closing the connection as the message arrived). Never otherwise: a server that hangs up after reading a PIN may have
 * counted a failed attempt at the ILS, and a second send would count another. A message without the PIN
 * (a profile read) changes nothing at the server: it is always sent again.
 */
export function patronResendRule(
  patron: Sip2Patron,
  settings: Pick<Sip2PatronSettings, 'resendAfterIdleDrop'>,
): (drop: Sip2Drop) => boolean {
  let idleRaces = 0;
  return (drop) => {
    if (patron.pin === undefined || drop === 'unsent' || drop === 'reset') return true;
    if (drop !== 'idle-race' || !settings.resendAfterIdleDrop) return false;
    idleRaces += 1;
    return idleRaces === 1;
  };
}
