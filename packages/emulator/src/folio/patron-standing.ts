import type { Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { queryCollection } from './cql-collection.js';
import type { FolioState } from './state.js';

/** `GET /manualblocks?query=userId==…` (mod-feesfines): patrons' manual blocks. */
export function manualBlocks(state: FolioState, ctx: RequestContext): Reply {
  return queryCollection(state, ctx, {
    name: 'manualblocks',
    permission: 'manualblocks.collection.get',
    records: () =>
      state.users.flatMap((user) =>
        user.blocks.map((desc, index) => ({
          id: `${user.id.slice(0, -4)}b${String(index).padStart(3, '0')}`,
          userId: user.id,
          type: 'Manual',
          desc,
          borrowing: true,
          renewals: true,
          requests: true,
        })),
      ),
  });
}

/** `GET /accounts?query=userId==…` (mod-feesfines): patrons' fees, open ones with what remains. */
export function accounts(state: FolioState, ctx: RequestContext): Reply {
  return queryCollection(state, ctx, {
    name: 'accounts',
    permission: 'accounts.collection.get',
    records: () =>
      state.users.flatMap((user) =>
        user.fees.map((amount, index) => ({
          id: `${user.id.slice(0, -4)}f${String(index).padStart(3, '0')}`,
          userId: user.id,
          amount,
          remaining: amount,
          feeFineType: 'Overdue fine',
          status: { name: 'Open' },
          paymentStatus: { name: 'Outstanding' },
        })),
      ),
  });
}
