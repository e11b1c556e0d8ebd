import { IlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer, type ProviderAnswer } from '../errors/provider-error.js';
import { cardNumber } from '../internal/redact.js';
import type { PatronBlock, PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { asRecord, compact, firstString } from './profile-fields.js';
import type { PatronOperations, ProviderDescriptor } from './provider-descriptor.js';

const PURPOSE = 'patron password check';

/** Alma's "User authentication failed" (wrong password) and "user not found": both a wrong card or PIN. */
const REFUSED_CREDENTIALS: ReadonlySet<string> = new Set(['401866', '401861']);

/**
 * How Alma knows its patrons: `POST users/{barcode}?op=auth` with the password in the `Exl-User-Pw` header
 * (204 on a match; a password in the query string would end up in access logs), then
 * `GET users/{barcode}?expand=fees` for the record, whose `primary_id` is the session's patron id.
 */
export function almaPatronOperations(apiBase: string): PatronOperations {
  const userUrl = (id: string) => `${apiBase}/users/${encodeURIComponent(id)}`;
  const readUser = async (id: string, get: (url: string, purpose: string) => Promise<unknown>) =>
    mapAlmaUser(asRecord(await get(`${userUrl(id)}?expand=fees`, 'patron record request')));

  return {
    async checkPin({ provider, barcode, pin, requestWithAppToken, getWithAppToken, withBackoff }) {
      const send = requestWithAppToken;
      if (!send)
        throw new IlsAuthError('config_invalid', 'alma: this caller cannot send the password header', {
          provider: provider.id,
        });
      const password = headerValue(pin, provider);
      // Behind the backoff of Alma's API: past the per-second threshold (429), callers wait, not hammer.
      return withBackoff(`alma:${apiBase}`, async () => {
        const answer = await send(
          `${userUrl(barcode)}?op=auth`,
          { method: 'POST', headers: { 'exl-user-pw': password, accept: 'application/json' } },
          PURPOSE,
        );
        if (answer.status !== 204 && answer.status !== 200)
          throw refusal(answer, provider, [pin, cardNumber(barcode)]);
        const profile = await readUser(barcode, getWithAppToken);
        return { patronId: profile.id, profile };
      });
    },

    async fetchProfile({ provider, patronId, getWithAppToken }) {
      if (!patronId)
        throw new IlsAuthError('malformed_response', 'no Alma primary_id is known for this session', {
          provider: provider.id,
        });
      return readUser(patronId, getWithAppToken);
    },
  };
}

/** Alma's user record (`GET /almaws/v1/users/{id}`, JSON) as a `PatronProfile`. */
export function mapAlmaUser(record: Record<string, unknown>): PatronProfile {
  const id = firstString(record.primary_id);
  if (!id)
    throw new IlsAuthError('malformed_response', 'Alma answered a user record without primary_id', {
      provider: 'alma',
    });
  const last = firstString(record.last_name);
  const first = firstString(record.first_name);
  const identifiers = Array.isArray(record.user_identifier) ? record.user_identifier.map(asRecord) : [];
  const barcode = identifiers.find((entry) => asRecord(entry.id_type).value === 'BARCODE');
  const emails = Array.isArray(asRecord(record.contact_info).email)
    ? (asRecord(record.contact_info).email as unknown[]).map(asRecord)
    : [];
  const email = emails.find((entry) => entry.preferred === true) ?? emails[0];
  const blocks: PatronBlock[] = (Array.isArray(record.user_block) ? record.user_block : [])
    .map(asRecord)
    .filter((block) => block.block_status === 'ACTIVE')
    .map((block) =>
      compact({
        reason: 'restricted' as const,
        description: firstString(asRecord(block.block_description).desc),
      }),
    );
  const fees = asRecord(record.fees);
  const amount = typeof fees.value === 'number' && Number.isFinite(fees.value) ? fees.value : undefined;
  return compact({
    provider: 'alma',
    id,
    barcode: firstString(barcode?.value),
    name: last && first ? `${last}, ${first}` : (last ?? first),
    email: firstString(email?.email_address),
    // Alma writes the day with a zone mark (`2031-08-31Z`); the day is what the library means.
    expiresAt: calendarDate(firstString(record.expiry_date)?.replace(/Z$/, '')),
    patronType: firstString(asRecord(record.user_group).value),
    blocks: blocks.length > 0 ? blocks : undefined,
    fines: amount === undefined ? undefined : compact({ amount, currency: firstString(fees.currency) }),
    raw: record,
  });
}

/**
 * A header carries bytes, not text: the password goes as its UTF-8 bytes. Control characters cannot be
 * in a header (they would end it), and no password holds them: refused as a wrong PIN, nothing sent.
 */
function headerValue(pin: string, provider: ProviderDescriptor): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(pin))
    throw new IlsAuthError('invalid_credentials', 'Alma refused the card number or password', {
      provider: provider.id,
      status: 401,
    });
  return Buffer.from(pin, 'utf8').toString('latin1');
}

function refusal(
  answer: ProviderAnswer,
  provider: ProviderDescriptor,
  secrets: Parameters<typeof errorFromAnswer>[1]['secrets'],
): IlsAuthError {
  const failure = errorFromAnswer(answer, {
    provider: provider.id,
    purpose: PURPOSE,
    secrets,
    mapCode: provider.mapErrorCode,
  });
  const code = failure.providerError?.error;
  if (answer.status === 400 && code !== undefined && REFUSED_CREDENTIALS.has(code))
    return new IlsAuthError('invalid_credentials', 'Alma refused the card number or password', {
      provider: provider.id,
      status: 401,
      providerError: { error: code },
    });
  return failure;
}
