import type { FolioUser } from './seed.js';

/** A user as mod-users answers it: no password, no emulator-only fields. */
export function userRecord(user: FolioUser) {
  return {
    id: user.id,
    username: user.username,
    barcode: user.barcode,
    active: user.active,
    type: user.kind,
    patronGroup: user.patronGroup,
    expirationDate: user.expirationDate,
    personal: { ...user.personal, addresses: [] },
    createdDate: '2024-01-15T10:00:00.000+00:00',
    updatedDate: '2024-01-15T10:00:00.000+00:00',
  };
}
