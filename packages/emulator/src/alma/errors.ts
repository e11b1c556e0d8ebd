import { randomBytes } from 'node:crypto';
import { jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

// Alma gives each error a tracking id for its support desk; a random one here, so no state is shared.
const trackingId = () => `E01-${randomBytes(6).toString('hex').toUpperCase()}-ILSAUTH`;

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Alma's error body, in JSON when the client asks for JSON (`Accept` or `format=json`), else in XML as
 * Alma answers by default: `errorsExist`, `errorList.error[]` of `{errorCode, errorMessage, trackingId}`.
 * Clients must branch on `errorCode`: most errors, authentication failures included, are HTTP 400.
 */
export function almaError(
  status: number,
  errorCode: string,
  errorMessage: string,
  ctx?: RequestContext,
): Reply {
  const error = { errorCode, errorMessage, trackingId: trackingId() };
  if (!ctx || wantsJson(ctx)) {
    return jsonReply(status, { errorsExist: true, errorList: { error: [error] }, result: null });
  }
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<web_service_result xmlns="http://com/exlibris/urm/general/xmlbeans"><errorsExist>true</errorsExist>' +
    `<errorList><error><errorCode>${escapeXml(errorCode)}</errorCode><errorMessage>${escapeXml(errorMessage)}</errorMessage>` +
    `<trackingId>${error.trackingId}</trackingId></error></errorList></web_service_result>`;
  return { status, headers: { 'Content-Type': 'application/xml;charset=UTF-8' }, body: xml };
}

export function wantsJson(ctx: RequestContext): boolean {
  return (
    ctx.url.searchParams.get('format') === 'json' || /\bapplication\/json\b/i.test(ctx.header('accept') ?? '')
  );
}

export const almaSystemErrors: SystemErrors = {
  forStatus(status) {
    if (status === 429)
      return almaError(429, 'PER_SECOND_THRESHOLD', 'HTTP requests are more than allowed per second');
    return almaError(status, status === 404 ? 'NOT_FOUND' : 'GENERAL_ERROR', `HTTP ${status}`);
  },
};
