import { IlsAuthError } from '../errors/ils-auth-error.js';
import { cardNumber } from '../internal/redact.js';
import type { PatronBlockReason } from '../patrons/block-reasons.js';
import type { PatronBlock, PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { asRecord, compact, firstString, idString } from './profile-fields.js';
import type { JsonGetter, PatronOperations } from './provider-descriptor.js';
import { type IlswsService, ilswsLogin } from './symphony-ilsws.js';

/** The limits of `patronStatusInfo` that block a card, in the shared vocabulary. */
const STATUS_BLOCKS: readonly [string, PatronBlockReason][] = [
  ['hasMaxFines', 'excessive_fines'],
  ['hasMaxDaysWithFines', 'excessive_fines'],
  ['hasMaxLostItem', 'too_many_items_lost'],
  ['hasMaxOverdueItem', 'too_many_items_overdue'],
  ['hasMaxOverdueDays', 'too_many_items_overdue'],
  ['hasMaxItemsCheckedOut', 'too_many_items_charged'],
];

/** Standings that stop a card; `OK` and `DELINQUENT` (fines) do not by themselves. */
const BLOCKING_STANDINGS: ReadonlySet<string> = new Set(['BLOCKED', 'BARRED']);

/**
 * How Symphony knows its patrons: `user/patron/login` checks barcode (or alternate id) and PIN and names
 * the `patronKey` (the patron's own session token is not kept), then the record and the status info are
 * read with the staff session: `user/patron/key/{key}` and `user/patronStatusInfo/key/{key}`.
 */
export function symphonyPatronOperations(service: IlswsService): PatronOperations {
  const readProfile = async (patronKey: string, get: JsonGetter): Promise<PatronProfile> => {
    const key = encodeURIComponent(patronKey);
    const record = asRecord(await get(`${service.baseUrl}/user/patron/key/${key}`, 'patron record request'));
    const status = asRecord(
      await get(`${service.baseUrl}/user/patronStatusInfo/key/${key}`, 'patron status request'),
    );
    return mapSymphonyPatron(patronKey, record, status);
  };
  return {
    async checkPin({ barcode, pin, grant, getWithAppToken, withBackoff }) {
      if (!grant)
        throw new IlsAuthError('config_invalid', 'symphony: this caller cannot run a patron login', {
          provider: 'symphony',
        });
      const { body } = await withBackoff(`symphony:${service.baseUrl}:patron-login`, () =>
        ilswsLogin(service, 'patron', { login: barcode, password: pin }, grant, 'invalid_credentials', [
          pin,
          cardNumber(barcode),
        ]),
      );
      const patronKey = idString(body.patronKey);
      if (!patronKey)
        throw new IlsAuthError('malformed_response', 'Symphony signed the patron in but named no patronKey', {
          provider: 'symphony',
        });
      return { patronId: patronKey, profile: await readProfile(patronKey, getWithAppToken) };
    },

    async fetchProfile({ patronId, getWithAppToken }) {
      if (!patronId)
        throw new IlsAuthError('malformed_response', 'no Symphony patronKey is known for this session', {
          provider: 'symphony',
        });
      return readProfile(patronId, getWithAppToken);
    },
  };
}

/** `user/patron` and `user/patronStatusInfo` (`{resource, key, fields}`) as a `PatronProfile`. */
export function mapSymphonyPatron(
  patronKey: string,
  record: Record<string, unknown>,
  status: Record<string, unknown>,
): PatronProfile {
  const fields = asRecord(record.fields);
  const info = asRecord(status.fields);
  const standing = firstString(asRecord(fields.standing).key) ?? firstString(asRecord(info.standing).key);
  const blocks: PatronBlock[] = [];
  if (standing && BLOCKING_STANDINGS.has(standing))
    blocks.push({ reason: 'restricted', description: standing });
  else if (fields.approved === false) blocks.push({ reason: 'restricted', description: 'not approved' });
  for (const [flag, reason] of STATUS_BLOCKS)
    if (info[flag] === true && !blocks.some((block) => block.reason === reason)) blocks.push({ reason });
  const fines = asRecord(info.estimatedFines);
  const amount = Number.parseFloat(firstString(fines.amount) ?? '');
  const addresses = Array.isArray(fields.address1)
    ? fields.address1.map((entry) => asRecord(asRecord(entry).fields))
    : [];
  const email = addresses.find((address) => asRecord(address.code).key === 'EMAIL');
  const last = firstString(fields.lastName);
  const first = firstString(fields.firstName);
  return compact({
    provider: 'symphony',
    id: patronKey,
    barcode: firstString(fields.barcode),
    name: firstString(fields.displayName) ?? (last && first ? `${last}, ${first}` : (last ?? first)),
    email: firstString(email?.data),
    expiresAt: calendarDate(
      firstString(info.privilegeExpiresDate) ?? firstString(fields.privilegeExpiresDate),
    ),
    patronType: firstString(asRecord(fields.patronType).key),
    blocks: blocks.length > 0 ? blocks : undefined,
    fines: Number.isFinite(amount)
      ? compact({ amount, currency: firstString(fines.currencyCode) })
      : undefined,
    raw: { patron: record, status },
  });
}
