import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { GrantContext } from '../grants/grant-context.js';
import { sendWithGrant } from '../http/send-with-grant.js';
import { cardNumber, type SecretValue } from '../internal/redact.js';
import type { PatronBlock, PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { eventOf, firstResult, gatewayForm, gatewayPayload } from './evergreen-gateway.js';
import { asRecord, compact, firstString, idString } from './profile-fields.js';
import type { AppRequester, PatronOperations } from './provider-descriptor.js';

/**
 * Field positions of the fieldmapper classes read here (`fm_IDL.xml` document order; the gateway sends
 * objects as `{"__c": class, "__p": [values by position]}`).
 */
const AU = {
  standingPenalties: 6,
  active: 12,
  barred: 13,
  card: 15,
  dayPhone: 20,
  dob: 21,
  email: 22,
  expireDate: 24,
  familyName: 25,
  firstGivenName: 26,
  homeOu: 27,
  id: 28,
  profile: 41,
  usrname: 47,
} as const;
const AC_BARCODE = 1;
const AUSP = { standingPenalty: 4, usrMessage: 7 } as const;
const MOUS_BALANCE_OWED = 0;
/** `config.standing_penalty` 1, PATRON_EXCEEDS_FINES; any other penalty is a restriction. */
const EXCEEDS_FINES = 1;

/** The values of a class-hinted object, or undefined when it is not of that class. */
function fields(value: unknown, classHint: string): unknown[] | undefined {
  const record = asRecord(value);
  return record.__c === classHint && Array.isArray(record.__p) ? record.__p : undefined;
}

/** Events of a right password on an account that may not sign in: the patron learns why. */
const INACTIVE_EVENTS: ReadonlySet<string> = new Set(['PATRON_INACTIVE', 'PATRON_CARD_INACTIVE']);

/**
 * How Evergreen knows its patrons: `open-ils.auth.login` with `identifier` (a barcode or user name),
 * `password` and `type: "opac"` (the default type, `staff`, needs a permission patrons lack); the
 * patron's own session names the user (`open-ils.auth.session.retrieve`) and is then ended. The record
 * and fines are read with the application's session (`open-ils.actor.user.fleshed.retrieve`,
 * `open-ils.actor.user.fines.summary`).
 */
export function evergreenPatronOperations(gatewayUrl: string): PatronOperations {
  const call = async (
    grant: GrantContext,
    method: string,
    params: unknown[],
    secrets: readonly SecretValue[] = [],
  ) =>
    gatewayPayload(
      await sendWithGrant(
        gatewayUrl,
        { headers: {}, body: gatewayForm('open-ils.auth', method, params) },
        grant,
        {
          provider: 'evergreen',
          purpose: method,
        },
      ),
      method,
      secrets,
    )[0];
  const readProfile = async (userId: number, request: AppRequester | undefined): Promise<PatronProfile> => {
    if (!request)
      throw new IlsAuthError('config_invalid', 'evergreen: this caller cannot make gateway calls', {
        provider: 'evergreen',
      });
    const actor = async (method: string) =>
      firstResult(
        await request(
          gatewayUrl,
          { method: 'POST', body: gatewayForm('open-ils.actor', method, [userId]) },
          method,
        ),
        method,
      );
    const user = await actor('open-ils.actor.user.fleshed.retrieve');
    const money = await actor('open-ils.actor.user.fines.summary');
    return mapEvergreenUser(user, money);
  };

  return {
    async checkPin({ barcode, pin, grant, requestWithAppToken, withBackoff }) {
      if (!grant)
        throw new IlsAuthError('config_invalid', 'evergreen: this caller cannot run a patron login', {
          provider: 'evergreen',
        });
      const login = eventOf(
        await withBackoff(`evergreen:${gatewayUrl}:patron-login`, () =>
          call(
            grant,
            'open-ils.auth.login',
            [{ identifier: barcode, password: pin, type: 'opac' }],
            [pin, cardNumber(barcode)],
          ),
        ),
      );
      if (!login) throw malformed('Evergreen answered a login with something that is not an event');
      if (login.ilsevent !== 0) {
        if (INACTIVE_EVENTS.has(login.textcode))
          throw new IlsAuthError('access_denied', `Evergreen refused the sign-in: ${login.textcode}`, {
            provider: 'evergreen',
            status: 403,
            providerError: { error: login.textcode },
          });
        // LOGIN_FAILED: a wrong password, an unknown, barred or brute-force-blocked account, all alike.
        throw new IlsAuthError('invalid_credentials', 'Evergreen refused the card number or password', {
          provider: 'evergreen',
          status: 401,
          providerError: { error: login.textcode },
        });
      }
      const authtoken = firstString(asRecord(login.payload).authtoken);
      if (!authtoken) throw malformed('Evergreen signed the patron in without an authtoken');
      const user = fields(await call(grant, 'open-ils.auth.session.retrieve', [authtoken]), 'au');
      // The patron's own session is not needed any more: end it rather than leave it to time out.
      await call(grant, 'open-ils.auth.session.delete', [authtoken]).catch(() => undefined);
      const userId = user?.[AU.id];
      if (typeof userId !== 'number') throw malformed('Evergreen named no user for the patron’s session');
      return { patronId: String(userId), profile: await readProfile(userId, requestWithAppToken) };
    },

    async fetchProfile({ patronId, requestWithAppToken }) {
      const userId = Number(patronId);
      if (!patronId || !Number.isSafeInteger(userId))
        throw malformed('no Evergreen user id is known for this session');
      return readProfile(userId, requestWithAppToken);
    },
  };
}

/** A fleshed `au` and its `mous` as a `PatronProfile`. */
export function mapEvergreenUser(user: unknown, money: unknown): PatronProfile {
  const au = fields(user, 'au');
  const id = idString(au?.[AU.id]);
  if (!au || !id) throw malformed('Evergreen answered a user that is not an au with an id');
  const fleshed = au[AU.standingPenalties];
  const penalties: unknown[] = Array.isArray(fleshed) ? fleshed : [];
  const blocks: PatronBlock[] = penalties
    .map((penalty) => fields(penalty, 'ausp') ?? [])
    .map((ausp: unknown[]) =>
      ausp[AUSP.standingPenalty] === EXCEEDS_FINES
        ? { reason: 'excessive_fines' as const }
        : compact({ reason: 'restricted' as const, description: firstString(ausp[AUSP.usrMessage]) }),
    );
  if (au[AU.barred] === 't') blocks.push({ reason: 'restricted', description: 'barred' });
  const owed = Number.parseFloat(firstString(fields(money, 'mous')?.[MOUS_BALANCE_OWED]) ?? '');
  const last = firstString(au[AU.familyName]);
  const first = firstString(au[AU.firstGivenName]);
  return compact({
    provider: 'evergreen',
    id,
    barcode: firstString(fields(au[AU.card], 'ac')?.[AC_BARCODE]),
    name: last && first ? `${last}, ${first}` : (last ?? first),
    email: firstString(au[AU.email]),
    phone: firstString(au[AU.dayPhone]),
    birthdate: calendarDate(firstString(au[AU.dob])),
    expiresAt: calendarDate(firstString(au[AU.expireDate])),
    patronType: idString(au[AU.profile]),
    homeLibrary: idString(au[AU.homeOu]),
    blocks: blocks.length > 0 ? blocks : undefined,
    fines: Number.isFinite(owed) ? { amount: owed } : undefined,
    raw: { user, money },
  });
}

function malformed(message: string): IlsAuthError {
  return new IlsAuthError('malformed_response', message, { provider: 'evergreen' });
}
