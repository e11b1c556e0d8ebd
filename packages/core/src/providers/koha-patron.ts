import { IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer, type ProviderAnswer } from '../errors/provider-error.js';
import { cardNumber, type SecretValue } from '../internal/redact.js';
import type { PatronBlock, PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { asRecord, compact, firstString, idString } from './profile-fields.js';
import type { JsonGetter, PatronOperations, ProviderDescriptor } from './provider-descriptor.js';

/**
 * The field of `POST /api/v1/auth/password/validation` that carries what the patron typed:
 * `identifier` (Koha 23.11 and later: a user id or a card number, the user id tried first) or `userid`
 * (Koha 23.05, which knows no other).
 */
export type KohaPatronLoginField = 'identifier' | 'userid';

const PURPOSE = 'patron password validation';

/**
 * How Koha knows its patrons: the password is checked with the app token by
 * `POST /api/v1/auth/password/validation` (201 with the patron's id; an empty 204 on builds before the
 * body was added, when the id is looked up by card number or user id), then the record is read from
 * `/patrons/{patron_id}` and the balance, when the API user may see it, from `/patrons/{patron_id}/account`.
 */
export function kohaPatronOperations(apiBase: string, loginField: KohaPatronLoginField): PatronOperations {
  return {
    async checkPin({ provider, barcode, pin, postWithAppToken, getWithAppToken }) {
      const answer = await postWithAppToken(
        `${apiBase}/auth/password/validation`,
        { [loginField]: barcode, password: pin },
        PURPOSE,
      );
      if (answer.status === 201 || answer.status === 200) {
        const patronId = idString(asRecord(parseJson(answer, provider)).patron_id);
        if (!patronId) throw malformed(provider, 'Koha validated the password but named no patron_id');
        return { patronId };
      }
      if (answer.status === 204) {
        return { patronId: await findPatronId(apiBase, loginField, barcode, provider, getWithAppToken) };
      }
      throw refusal(answer, provider, [pin, cardNumber(barcode)]);
    },

    async fetchProfile({ provider, getWithAppToken, patronId }) {
      if (!patronId) throw malformed(provider, 'no Koha patron_id is known for this session');
      const path = `${apiBase}/patrons/${encodeURIComponent(patronId)}`;
      const record = asRecord(await getWithAppToken(path, 'patron record request'));
      const balance = await readBalance(`${path}/account`, getWithAppToken);
      return mapKohaPatron(record, patronId, balance);
    },
  };
}

/** Koha's patron record (`definitions/patron.yaml`) as a `PatronProfile`; `balance` from `/account`. */
export function mapKohaPatron(
  record: Record<string, unknown>,
  fallbackId: string,
  balance?: number,
): PatronProfile {
  const surname = firstString(record.surname);
  const firstname = firstString(record.preferred_name) ?? firstString(record.firstname);
  const blocks: PatronBlock[] = [];
  if (record.restricted === true) blocks.push({ reason: 'restricted' });
  if (record.patron_card_lost === true) blocks.push({ reason: 'card_lost' });
  return compact({
    provider: 'koha',
    id: idString(record.patron_id) ?? fallbackId,
    barcode: firstString(record.cardnumber),
    name: surname && firstname ? `${surname}, ${firstname}` : (surname ?? firstname),
    email: firstString(record.email),
    phone: firstString(record.phone) ?? firstString(record.mobile),
    birthdate: calendarDate(firstString(record.date_of_birth)),
    expiresAt: calendarDate(firstString(record.expiry_date)),
    patronType: firstString(record.category_id),
    homeLibrary: firstString(record.library_id),
    blocks: blocks.length > 0 ? blocks : undefined,
    fines: balance === undefined ? undefined : { amount: balance },
    raw: record,
  });
}

/**
 * What a refused validation means. Koha answers 400 about the patron ("Validation failed": wrong
 * password, unknown patron, or a locked account; "Password expired") and 401/403 about the calling
 * application (a 401 was already retried once with a new token by the app client).
 */
function refusal(
  answer: ProviderAnswer,
  provider: ProviderDescriptor,
  secrets: readonly SecretValue[],
): IlsAuthError {
  const error = asRecord(parseJsonQuietly(answer.bodyText)).error;
  if (answer.status === 400 && error === 'Validation failed')
    return new IlsAuthError('invalid_credentials', 'Koha refused the card number or password', {
      provider: provider.id,
      status: 401,
      providerError: { error },
    });
  if (answer.status === 400 && error === 'Password expired')
    return new IlsAuthError(
      'password_expired',
      "the patron's Koha password has expired; it must be changed in the library's catalogue",
      { provider: provider.id, status: 403, providerError: { error } },
    );
  const failure = errorFromAnswer(answer, {
    provider: provider.id,
    purpose: PURPOSE,
    secrets,
    mapCode: provider.mapErrorCode,
  });
  if (answer.status === 401)
    return failure.with({
      code: 'invalid_client',
      message: `Koha refused ils-auth's application token for the ${PURPOSE}, even a new one; check the API key`,
    });
  if (answer.status === 400 && failure.code === 'provider_error' && /\bidentifier\b/.test(answer.bodyText))
    return failure.with({
      code: 'config_invalid',
      message: `${failure.message}; this Koha (before 23.11) knows only \`userid\`: set patronLoginField: 'userid'`,
    });
  return failure;
}

/** Before Koha answered 201 with the patron's id, a validation said only 204: find the patron it meant. */
async function findPatronId(
  apiBase: string,
  loginField: KohaPatronLoginField,
  typed: string,
  provider: ProviderDescriptor,
  get: JsonGetter,
): Promise<string> {
  // `identifier` may be either; Koha itself tries the user id first.
  const fields = loginField === 'userid' ? ['userid'] : ['userid', 'cardnumber'];
  for (const field of fields) {
    const query = `${field}=${encodeURIComponent(typed)}&_match=exact`;
    const found = await get(`${apiBase}/patrons?${query}`, 'patron lookup');
    if (!Array.isArray(found)) throw malformed(provider, 'Koha answered a patron search with no list');
    if (found.length > 1) throw malformed(provider, `several Koha patrons have that ${field}`);
    const patronId = idString(asRecord(found[0]).patron_id);
    if (patronId) return patronId;
  }
  throw malformed(provider, 'Koha validated the password but no patron has that card number or user id');
}

/** The account balance when the API user may read it; Koha answers 403 (or 404 before 20.05) otherwise. */
async function readBalance(url: string, get: JsonGetter): Promise<number | undefined> {
  try {
    const balance = asRecord(await get(url, 'patron account request')).balance;
    return typeof balance === 'number' && Number.isFinite(balance) ? balance : undefined;
  } catch (error) {
    if (isIlsAuthError(error) && (error.status === 403 || error.status === 404)) return undefined;
    throw error;
  }
}

function parseJson(answer: ProviderAnswer, provider: ProviderDescriptor): unknown {
  const value = parseJsonQuietly(answer.bodyText);
  if (value === undefined) throw malformed(provider, `the ${PURPOSE} answered a body that is not JSON`);
  return value;
}

function parseJsonQuietly(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function malformed(provider: ProviderDescriptor, message: string): IlsAuthError {
  return new IlsAuthError('malformed_response', message, { provider: provider.id });
}
