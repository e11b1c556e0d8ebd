import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { PatronBlock, PatronProfile } from '../patrons/patron-profile.js';
import { calendarDate } from './calendar-date.js';
import { type FolioGateway, folioLogin, folioLogout } from './folio-authn.js';
import { asRecord, compact, firstString } from './profile-fields.js';
import type { JsonGetter, PatronOperations } from './provider-descriptor.js';

/** What a FOLIO patron types as the card number: their FOLIO user name (as VuFind asks) or their barcode. */
export type FolioPatronLoginField = 'username' | 'barcode';

/**
 * A CQL string literal: quotes and backslashes escaped, and CQL's masking characters too, so a typed
 * `*` or `?` matches itself and never another patron.
 */
function cqlString(value: string): string {
  return `"${value.replace(/[\\"*?^]/g, (character) => `\\${character}`)}"`;
}

/**
 * How FOLIO knows its patrons: the patron logs in with their own FOLIO credentials through the same
 * `/authn` login as the application (their token is not kept: ils-auth reads with the application's),
 * then the user record is read from `/users`, open manual blocks from `/manualblocks` and open fees from
 * `/accounts`. The session's patron id is the user's UUID.
 */
export function folioPatronOperations(
  gateway: FolioGateway,
  loginField: FolioPatronLoginField,
): PatronOperations {
  const api = gateway.okapiUrl;
  const findUser = async (field: 'username' | 'barcode' | 'id', value: string, get: JsonGetter) => {
    const query = encodeURIComponent(`${field}==${cqlString(value)}`);
    const users = asRecord(await get(`${api}/users?query=${query}&limit=2`, 'patron record request')).users;
    if (!Array.isArray(users)) throw malformed('FOLIO answered a user search without a users list');
    if (users.length > 1) throw malformed(`several FOLIO users have that ${field}`);
    return users.length === 1 ? asRecord(users[0]) : undefined;
  };
  const readProfile = async (user: Record<string, unknown>, get: JsonGetter): Promise<PatronProfile> => {
    const id = firstString(user.id);
    if (!id) throw malformed('FOLIO answered a user without an id');
    const byUser = encodeURIComponent(`userId==${cqlString(id)}`);
    const blocks = asRecord(
      await get(`${api}/manualblocks?query=${byUser}&limit=100`, 'patron blocks request'),
    );
    const open = encodeURIComponent(`userId==${cqlString(id)} and status.name=="Open"`);
    const accounts = asRecord(await get(`${api}/accounts?query=${open}&limit=1000`, 'patron fees request'));
    return mapFolioUser(user, blocks.manualblocks, accounts.accounts);
  };
  const refused = () =>
    new IlsAuthError('invalid_credentials', 'FOLIO refused the user name or password', {
      provider: 'folio',
      status: 401,
    });

  return {
    async checkPin({ barcode, pin, grant, getWithAppToken, withBackoff }) {
      if (!grant)
        throw new IlsAuthError('config_invalid', 'folio: this caller cannot run a FOLIO patron login', {
          provider: 'folio',
        });
      let username = barcode;
      if (loginField === 'barcode') {
        const found = firstString((await findUser('barcode', barcode, getWithAppToken))?.username);
        // An unknown card is answered as a wrong password: nothing tells which cards exist.
        if (!found) throw refused();
        username = found;
      }
      const own = await withBackoff(`folio:${api}:patron-login`, () =>
        folioLogin(gateway, { username, password: pin }, grant, 'invalid_credentials'),
      );
      // The patron's own tokens are not kept: revoke the refresh token rather than leave it alive.
      if (own.refreshToken) await folioLogout(gateway, own.refreshToken, grant);
      const user = await findUser('username', username, getWithAppToken);
      if (!user) throw malformed('FOLIO logged the patron in, but no user has that user name');
      const profile = await readProfile(user, getWithAppToken);
      return { patronId: profile.id, profile };
    },

    async fetchProfile({ patronId, getWithAppToken }) {
      if (!patronId) throw malformed('no FOLIO user id is known for this session');
      const user = await findUser('id', patronId, getWithAppToken);
      if (!user) throw malformed('the FOLIO user of this session no longer exists');
      return readProfile(user, getWithAppToken);
    },
  };
}

/** A mod-users record, its open manual blocks and open fees as a `PatronProfile`. */
export function mapFolioUser(
  user: Record<string, unknown>,
  manualBlocks: unknown,
  openAccounts: unknown,
): PatronProfile {
  const personal = asRecord(user.personal);
  const last = firstString(personal.lastName);
  const first = firstString(personal.preferredFirstName) ?? firstString(personal.firstName);
  const blocks: PatronBlock[] = (Array.isArray(manualBlocks) ? manualBlocks : [])
    .map(asRecord)
    .map((block) => compact({ reason: 'restricted' as const, description: firstString(block.desc) }));
  const remaining = (Array.isArray(openAccounts) ? openAccounts : [])
    .map((account) => asRecord(account).remaining)
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  return compact({
    provider: 'folio',
    id: firstString(user.id) ?? '',
    barcode: firstString(user.barcode),
    name: last && first ? `${last}, ${first}` : (last ?? first),
    email: firstString(personal.email),
    phone: firstString(personal.phone) ?? firstString(personal.mobilePhone),
    expiresAt: calendarDate(firstString(user.expirationDate)),
    patronType: firstString(user.patronGroup),
    blocks: blocks.length > 0 ? blocks : undefined,
    // Cents, summed as integers: 12.5 + 30.1 must not become 42.599999….
    fines: { amount: remaining.reduce((sum, value) => sum + Math.round(value * 100), 0) / 100 },
    raw: user,
  });
}

function malformed(message: string): IlsAuthError {
  return new IlsAuthError('malformed_response', message, { provider: 'folio' });
}
