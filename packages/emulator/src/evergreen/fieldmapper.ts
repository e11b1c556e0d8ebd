/**
 * Evergreen's fieldmapper objects on the wire: `{"__c": "<class>", "__p": [values…]}`, each value at its
 * field's position in the IDL (`Open-ILS/examples/fm_IDL.xml`, in document order, then `isnew`,
 * `ischanged`, `isdeleted`; `OpenILS/Utils/Fieldmapper.pm` numbers them so). The OpenSRF gateway sends
 * objects so (`jsonObjectToJSON` keeps the class hint), and clients map positions back to names. The
 * field lists below are the IDL's at Evergreen commit 921164cbfe93.
 */
const FIELDS = {
  au: [
    'addresses',
    'cards',
    'checkouts',
    'hold_requests',
    'permissions',
    'settings',
    'standing_penalties',
    'stat_cat_entries',
    'survey_responses',
    'waiver_entries',
    'ws_ou',
    'wsid',
    'active',
    'barred',
    'billing_address',
    'card',
    'claims_returned_count',
    'claims_never_checked_out_count',
    'create_date',
    'credit_forward_balance',
    'day_phone',
    'dob',
    'email',
    'evening_phone',
    'expire_date',
    'family_name',
    'first_given_name',
    'home_ou',
    'id',
    'ident_type',
    'ident_type2',
    'ident_value',
    'ident_value2',
    'last_xact_id',
    'mailing_address',
    'master_account',
    'net_access_level',
    'other_phone',
    'passwd',
    'photo_url',
    'prefix',
    'profile',
    'second_given_name',
    'standing',
    'suffix',
    'super_user',
    'usrgroup',
    'usrname',
    'alias',
    'juvenile',
    'last_update_time',
    'pref_prefix',
    'pref_first_given_name',
    'pref_second_given_name',
    'pref_family_name',
    'pref_suffix',
    'guardian',
    'guardian_email',
    'name_keywords',
    'name_kw_tsvector',
    'groups',
    'deleted',
    'notes',
    'demographic',
    'billable_transactions',
    'money_summary',
    'open_billable_transactions_summary',
    'checkins',
    'performed_circulations',
    'fund_alloc_pcts',
    'reservations',
    'usr_activity',
    'usr_work_ou_map',
    'locale',
    'isnew',
    'ischanged',
    'isdeleted',
  ],
  ac: ['active', 'barcode', 'id', 'usr', 'isnew', 'ischanged', 'isdeleted'],
  ausp: [
    'id',
    'set_date',
    'usr',
    'staff',
    'standing_penalty',
    'org_unit',
    'stop_date',
    'usr_message',
    'isnew',
    'ischanged',
    'isdeleted',
  ],
  mous: ['balance_owed', 'total_owed', 'total_paid', 'usr', 'isnew', 'ischanged', 'isdeleted'],
} as const;

export type FieldmapperClass = keyof typeof FIELDS;

export interface FieldmapperObject {
  __c: FieldmapperClass;
  __p: unknown[];
}

/** The class-hinted form of a record: absent fields are null, as unfleshed ones are. */
export function fieldmapper(classHint: FieldmapperClass, values: Record<string, unknown>): FieldmapperObject {
  return { __c: classHint, __p: FIELDS[classHint].map((field) => values[field] ?? null) };
}

/** A field of a class-hinted object, by name (tests read answers this way, as clients do). */
export function fieldOf(object: FieldmapperObject, field: string): unknown {
  const position = (FIELDS[object.__c] as readonly string[]).indexOf(field);
  return position < 0 ? undefined : object.__p[position];
}
