import { jsonReply, type Reply } from '../shared/http.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

/** Koha's error bodies are `{"error": "…"}` everywhere, with its own wording. */
export function kohaErrorReply(status: number, error: string): Reply {
  return jsonReply(status, { error });
}

export const authenticationFailure = () => kohaErrorReply(401, 'Authentication failure.');

const MESSAGES: Record<number, string> = {
  400: 'Bad request',
  404: 'Not Found',
  405: 'Method not allowed',
  413: 'Request entity too large',
};

export const kohaSystemErrors: SystemErrors = {
  forStatus(status) {
    if (status === 401) return authenticationFailure();
    return kohaErrorReply(status, MESSAGES[status] ?? 'Something went wrong, check Koha logs for details.');
  },
};
