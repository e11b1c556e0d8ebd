import { randomUUID } from 'node:crypto';
import { jsonReply, type Reply } from '../shared/http.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

/** OverDrive's JSON content type (OD-6, and the patron-auth document). */
export const OVERDRIVE_JSON = 'application/json; charset=utf-8';

/** OAuth error bodies from the token endpoints: `{error, error_description?}` (OD-2, OD-8). */
export function oauthErrorReply(status: number, error: string, description?: string): Reply {
  const body = description === undefined ? { error } : { error, error_description: description };
  return jsonReply(status, body, OVERDRIVE_JSON, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

/** The API's other error shape, `{errorCode, message, token}` with a fresh uuid (OD-4, OD-5). */
export function apiErrorReply(status: number, errorCode: string, message: string): Reply {
  return jsonReply(status, { errorCode, message, token: randomUUID() }, OVERDRIVE_JSON);
}

export const notFoundReply = () =>
  apiErrorReply(404, 'NotFound', 'The requested resource could not be found.');

export const unauthorizedReply = () =>
  apiErrorReply(401, 'Unauthorized', 'Authorization has been denied for this request.');

const MESSAGES: Record<number, [string, string]> = {
  400: ['BadRequest', 'The request could not be understood by the server.'],
  405: ['MethodNotAllowed', 'The requested resource does not support this HTTP method.'],
  413: ['RequestEntityTooLarge', 'The request body is too large.'],
};

export const overdriveSystemErrors: SystemErrors = {
  forStatus(status) {
    if (status === 404) return notFoundReply();
    if (status === 401) return unauthorizedReply();
    const [errorCode, message] = MESSAGES[status] ?? ['InternalError', 'An unexpected error has occurred.'];
    return apiErrorReply(status, errorCode, message);
  },
};
