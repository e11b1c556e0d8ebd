import { IlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer } from '../errors/provider-error.js';
import { cardNumber } from '../internal/redact.js';
import type { PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { asRecord, compact, firstString, idString } from './profile-fields.js';
import type { PatronOperations } from './provider-descriptor.js';

/**
 * How Sierra knows its patrons: barcode + PIN are checked by `/patrons/validate` with the app token
 * (204, or 400 code 108), the record is found by barcode (`varFieldTag=b`), and a code-flow token names its
 * patron in `/info/token`.
 */
export function sierraPatronOperations(apiBase: string, profileFields: readonly string[]): PatronOperations {
  const fields = encodeURIComponent(['id', ...profileFields].join(','));
  return {
    async checkPin({ provider, barcode, pin, postWithAppToken, getWithAppToken }) {
      const answer = await postWithAppToken(
        `${apiBase}/patrons/validate`,
        { barcode, pin },
        'patron PIN check',
      );
      if (answer.status === 400 && /"code"\s*:\s*108\b/.test(answer.bodyText)) {
        throw new IlsAuthError('invalid_credentials', 'Sierra refused the barcode or PIN', {
          provider: provider.id,
          status: 401,
          providerError: {
            sierraCode: 108,
            name: 'Invalid parameter',
            description: 'Invalid barcode or PIN',
          },
        });
      }
      if (answer.status !== 204 && answer.status !== 200) {
        throw errorFromAnswer(answer, {
          provider: provider.id,
          purpose: 'patron PIN check',
          secrets: [pin, cardNumber(barcode)],
          mapCode: provider.mapErrorCode,
        });
      }
      const query = `varFieldTag=b&varFieldContent=${encodeURIComponent(barcode)}&fields=id`;
      const record = asRecord(
        await getWithAppToken(`${apiBase}/patrons/find?${query}`, 'patron lookup by barcode'),
      );
      const patronId = idString(record.id);
      if (!patronId)
        throw new IlsAuthError('malformed_response', 'Sierra found the patron but returned no record id', {
          provider: provider.id,
        });
      return { patronId };
    },

    async fetchProfile({ provider, getWithPatronToken, getWithAppToken, patronId }) {
      let id = patronId;
      let get = getWithAppToken;
      if (getWithPatronToken) {
        // A code-flow token is bound to one patron and may read only that patron's record.
        get = getWithPatronToken;
        id ??= idString(
          asRecord(await getWithPatronToken(`${apiBase}/info/token`, 'token info request')).patronId,
        );
      }
      if (!id)
        throw new IlsAuthError(
          'malformed_response',
          'Sierra did not say which patron this token belongs to',
          { provider: provider.id },
        );
      const record = asRecord(
        await get(`${apiBase}/patrons/${encodeURIComponent(id)}?fields=${fields}`, 'patron record request'),
      );
      return mapSierraPatron(record, id);
    },
  };
}

export function mapSierraPatron(record: Record<string, unknown>, fallbackId: string): PatronProfile {
  return compact({
    provider: 'sierra',
    id: idString(record.id) ?? fallbackId,
    barcode: firstString(record.barcodes),
    name: firstString(record.names),
    email: firstString(record.emails),
    birthdate: calendarDate(firstString(record.birthDate)),
    expiresAt: calendarDate(firstString(record.expirationDate)),
    patronType: idString(record.patronType),
    raw: record,
  });
}
