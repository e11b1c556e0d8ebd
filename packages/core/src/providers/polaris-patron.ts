import { IlsAuthError } from '../errors/ils-auth-error.js';
import { cardNumber } from '../internal/redact.js';
import type { PatronBlock, PatronProfile } from '../patrons/patron-profile.js';
import { type PapiService, papiAuthenticate, papiErrorCode } from './polaris-papi.js';
import { asRecord, compact, firstString, idString } from './profile-fields.js';
import type { JsonGetter, PatronOperations } from './provider-descriptor.js';

/** `/Date(1759467600000-0500)/`: milliseconds since the epoch and the library's offset from UTC. */
const MICROSOFT_DATE = /^\/Date\((-?\d+)([+-])(\d{2})(\d{2})\)\/$/;

/** A Microsoft JSON date as the calendar day it is at the library (its offset applied), `YYYY-MM-DD`. */
export function microsoftJsonDay(value: unknown): string | undefined {
  const match = typeof value === 'string' ? MICROSOFT_DATE.exec(value) : null;
  if (!match) return undefined;
  const [, ms, sign, hours, minutes] = match;
  const offsetMs = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
  const day = new Date(Number(ms) + offsetMs);
  return Number.isNaN(day.getTime()) ? undefined : day.toISOString().slice(0, 10);
}

/**
 * How Polaris knows its patrons: `authenticator/patron` checks barcode (or user name) and PIN, signed
 * with no secret, and names the `PatronID`; the record is then read with the staff session: the barcode
 * by a protected patron search, then `basicdata` and `circulationblocks` through the staff override.
 */
export function polarisPatronOperations(service: PapiService): PatronOperations {
  const { publicBase, protectedBase } = service;
  const papiGet = async (get: JsonGetter, url: string, purpose: string) => {
    const body = asRecord(await get(url, purpose));
    const code = papiErrorCode(body);
    if (code !== undefined)
      throw new IlsAuthError(
        'provider_error',
        `the ${purpose} to Polaris failed with PAPIErrorCode ${code}`,
        {
          provider: 'polaris',
        },
      );
    return body;
  };
  const readProfile = async (patronId: string, get: JsonGetter): Promise<PatronProfile> => {
    const query = encodeURIComponent(`PRID=${patronId}`);
    const search = await papiGet(get, `${protectedBase}/search/patrons/boolean?q=${query}`, 'patron search');
    const rows = Array.isArray(search.PatronSearchRows) ? search.PatronSearchRows.map(asRecord) : [];
    const barcode = firstString(rows.find((row) => idString(row.PatronID) === patronId)?.Barcode);
    if (!barcode) throw malformed('Polaris found no barcode for the signed-in patron');
    const base = `${publicBase}/patron/${encodeURIComponent(barcode)}`;
    const basic = await papiGet(get, `${base}/basicdata`, 'patron record request');
    const standing = await papiGet(get, `${base}/circulationblocks`, 'patron blocks request');
    return mapPolarisPatron(patronId, asRecord(basic.PatronBasicData), standing);
  };

  return {
    async checkPin({ barcode, pin, grant, getWithAppToken, withBackoff }) {
      if (!grant)
        throw new IlsAuthError('config_invalid', 'polaris: this caller cannot sign a patron login', {
          provider: 'polaris',
        });
      const body = await withBackoff(`polaris:${publicBase}:patron-login`, () =>
        papiAuthenticate(
          service,
          `${publicBase}/authenticator/patron`,
          { Barcode: barcode, Password: pin },
          grant,
          'Polaris patron login',
          [pin, cardNumber(barcode)],
        ),
      );
      const code = papiErrorCode(body);
      // A wrong PIN and an unknown card are one answer in PAPI, and one here.
      if (code !== undefined)
        throw new IlsAuthError('invalid_credentials', 'Polaris refused the card number or PIN', {
          provider: 'polaris',
          status: 401,
          providerError: { error: String(code) },
        });
      const patronId = idString(body.PatronID);
      if (!patronId) throw malformed('Polaris signed the patron in but named no PatronID');
      return { patronId, profile: await readProfile(patronId, getWithAppToken) };
    },

    async fetchProfile({ patronId, getWithAppToken }) {
      if (!patronId) throw malformed('no Polaris PatronID is known for this session');
      return readProfile(patronId, getWithAppToken);
    },
  };
}

/** PatronBasicData and the circulation blocks answer as a `PatronProfile`. */
export function mapPolarisPatron(
  patronId: string,
  basic: Record<string, unknown>,
  standing: Record<string, unknown>,
): PatronProfile {
  const last = firstString(basic.NameLast);
  const first = firstString(basic.NameFirst);
  const blocks: PatronBlock[] = (Array.isArray(standing.Blocks) ? standing.Blocks : [])
    .map(asRecord)
    .map((block) =>
      compact({ reason: 'restricted' as const, description: firstString(block.BlockDescription) }),
    );
  const balance = basic.ChargeBalance;
  return compact({
    provider: 'polaris',
    id: patronId,
    barcode: firstString(basic.Barcode) ?? firstString(standing.PatronBarcode),
    name: last && first ? `${last}, ${first}` : (last ?? first),
    email: firstString(basic.EmailAddress),
    phone: firstString(basic.PhoneNumber),
    expiresAt: microsoftJsonDay(standing.ExpirationDate),
    patronType: idString(standing.PatronCodeID),
    homeLibrary: idString(standing.AssignedBranchID),
    blocks: blocks.length > 0 ? blocks : undefined,
    fines: typeof balance === 'number' && Number.isFinite(balance) ? { amount: balance } : undefined,
    raw: { basic, standing },
  });
}

function malformed(message: string): IlsAuthError {
  return new IlsAuthError('malformed_response', message, { provider: 'polaris' });
}
