import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { SIERRA_ERRORS, SIERRA_JSON, sierraErrorReply } from './error-codes.js';
import type { SierraState } from './state.js';

/** `GET /v6/bibs/{id}`: a small bib record, enough to prove an app token works. */
export function getBib(state: SierraState, ctx: RequestContext): Reply {
  const bib = state.bibs.find((candidate) => candidate.id === ctx.params[0]);
  if (!bib) return sierraErrorReply(SIERRA_ERRORS.recordNotFound);
  return jsonReply(
    200,
    {
      id: bib.id,
      updatedDate: '2024-03-11T08:45:10Z',
      createdDate: '2009-06-18T12:00:00Z',
      deleted: false,
      suppressed: false,
      available: true,
      lang: bib.lang,
      title: bib.title,
      author: bib.author,
      materialType: bib.materialType,
      bibLevel: { code: 'm', value: 'MONOGRAPH' },
      publishYear: bib.publishYear,
      catalogDate: '2009-06-18',
      country: { code: 'xx', name: 'Unknown or undetermined' },
    },
    SIERRA_JSON,
  );
}
