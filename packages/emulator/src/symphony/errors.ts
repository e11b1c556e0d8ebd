import { jsonReply, type Reply } from '../shared/http.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

/** ILSWS's error body everywhere: `{"messageList":[{"code","message"}]}`. */
export function messageList(status: number, code: string, message: string): Reply {
  return jsonReply(status, { messageList: [{ code, message }] });
}

export const unableToLogin = () => messageList(401, 'unableToLogin', 'Unable to log in.');

export const symphonySystemErrors: SystemErrors = {
  forStatus(status) {
    if (status === 401) return messageList(401, 'sessionTimedOut', 'The session has timed out.');
    if (status === 404) return messageList(404, 'notFound', 'Not found.');
    return messageList(status, 'error', `HTTP ${status}`);
  },
};
