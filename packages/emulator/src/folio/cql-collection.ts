import { isReply, jsonReply, type Reply, textReply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { staffUser } from './access-token.js';
import { matchesCql, parseCql } from './cql.js';
import type { FolioState } from './state.js';

/**
 * A FOLIO collection read with `?query=<CQL>` by a staff token: the matching records under the
 * collection's name, with `totalRecords` and `resultInfo`, as the storage modules answer.
 */
export function queryCollection(
  state: FolioState,
  ctx: RequestContext,
  collection: { name: string; permission: string; records: () => object[] },
): Reply {
  const caller = staffUser(state, ctx, collection.permission);
  if (isReply(caller)) return caller;
  const query = ctx.url.searchParams.get('query');
  const terms = query === null ? [] : parseCql(query);
  if (!terms) return textReply(400, `unsupported CQL query: ${query}`);
  const records = collection
    .records()
    .filter((record) => matchesCql(terms, (field) => readPath(record, field)));
  return jsonReply(200, {
    [collection.name]: records,
    totalRecords: records.length,
    resultInfo: { totalRecords: records.length, facets: [], diagnostics: [] },
  });
}

function readPath(record: object, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
