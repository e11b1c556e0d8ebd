import { type FieldmapperObject, fieldmapper } from './fieldmapper.js';
import type { EvergreenUser } from './seed.js';

const bool = (value: boolean) => (value ? 't' : 'f');
// Card ids are derived from user ids: one current card per seeded user.
const cardId = (user: EvergreenUser) => user.id + 100_000;

function card(user: EvergreenUser): FieldmapperObject {
  return fieldmapper('ac', {
    id: cardId(user),
    barcode: user.barcode,
    active: bool(user.cardActive),
    usr: user.id,
  });
}

/** The user's own columns; `card` is the card id, as in an unfleshed `au`. Never the password. */
function userColumns(user: EvergreenUser): Record<string, unknown> {
  return {
    id: user.id,
    usrname: user.usrname,
    card: cardId(user),
    active: bool(user.active),
    barred: bool(user.barred),
    deleted: 'f',
    super_user: 'f',
    juvenile: 'f',
    first_given_name: user.firstGivenName,
    family_name: user.familyName,
    email: user.email,
    expire_date: user.expireDate,
    home_ou: user.homeOu,
    profile: user.profile,
    create_date: '2019-03-01T10:00:00+0000',
    net_access_level: 1,
    ident_type: 1,
    credit_forward_balance: '0.00',
    claims_returned_count: 0,
    claims_never_checked_out_count: 0,
  };
}

/** The `au` that `session.retrieve` answers: the user without fleshing. */
export function plainUser(user: EvergreenUser): FieldmapperObject {
  return fieldmapper('au', userColumns(user));
}

/** The `au` of `open-ils.actor.user.fleshed.retrieve`: card, cards and standing penalties fleshed. */
export function fleshedUser(user: EvergreenUser): FieldmapperObject {
  return fieldmapper('au', {
    ...userColumns(user),
    card: card(user),
    cards: [card(user)],
    standing_penalties: user.penalties.map((penalty) =>
      fieldmapper('ausp', {
        id: penalty.id,
        usr: user.id,
        standing_penalty: penalty.penaltyType,
        org_unit: 1,
        set_date: '2024-05-01T09:00:00+0000',
        usr_message: null,
      }),
    ),
    addresses: [],
    groups: [],
    settings: [],
    stat_cat_entries: [],
    waiver_entries: [],
    usr_activity: [],
  });
}

/** `mous`: a user's money summary, as `open-ils.actor.user.fines.summary` answers it. */
export function moneySummary(user: EvergreenUser): FieldmapperObject {
  const owed = user.balanceOwed.toFixed(2);
  return fieldmapper('mous', { usr: user.id, balance_owed: owed, total_owed: owed, total_paid: '0.00' });
}
