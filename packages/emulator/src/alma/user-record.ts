import type { AlmaUser } from './seed.js';

/** A user as `GET /almaws/v1/users/{id}` answers it in JSON; `fees` only with `expand=fees`. */
export function userRecord(user: AlmaUser, expandFees: boolean) {
  return {
    record_type: { value: 'PUBLIC', desc: 'Public' },
    primary_id: user.primaryId,
    first_name: user.firstName,
    last_name: user.lastName,
    full_name: `${user.firstName} ${user.lastName}`,
    user_group: user.userGroup,
    account_type: { value: 'INTERNAL', desc: 'Internal' },
    status: { value: user.status, desc: user.status === 'ACTIVE' ? 'Active' : 'Inactive' },
    expiry_date: `${user.expiryDate}Z`,
    purge_date: null,
    contact_info: {
      email: user.email === null ? [] : [{ email_address: user.email, preferred: true, email_type: [] }],
    },
    user_identifier: [
      {
        id_type: { value: 'BARCODE', desc: 'Barcode' },
        value: user.barcode,
        status: 'ACTIVE',
        segment_type: 'Internal',
      },
    ],
    user_block: user.blocks.map((description) => ({
      block_type: { value: 'GENERAL', desc: 'General' },
      block_description: { value: 'GENERAL', desc: description },
      block_status: 'ACTIVE',
      segment_type: 'Internal',
    })),
    ...(expandFees ? { fees: { value: user.fees, currency: 'USD' } } : {}),
  };
}
