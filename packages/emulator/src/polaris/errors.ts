import { jsonReply, type Reply } from '../shared/http.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

/** A refused signature, unknown AccessID or unknown staff token: 401 with PAPI's challenge. */
export const unauthorized = (): Reply =>
  jsonReply(401, { Message: 'Authorization has been denied for this request.' }, 'application/json', {
    'WWW-Authenticate': 'PWS realm="Polaris API"',
  });

/** PAPI reports a method's failure inside an HTTP 200, as a negative `PAPIErrorCode`. */
export function papiError(code: number, message: string, fields: Record<string, unknown> = {}): Reply {
  return jsonReply(200, { PAPIErrorCode: code, ErrorMessage: message, ...fields });
}

export const polarisSystemErrors: SystemErrors = {
  forStatus(status) {
    if (status === 401) return unauthorized();
    return jsonReply(status, {
      Message:
        status === 404
          ? 'No HTTP resource was found that matches the request URI.'
          : 'An error has occurred.',
    });
  },
};
