import { jsonReply, type Reply, textReply } from '../shared/http.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

/** mod-login's error list: `{"errors":[{message, code, type}]}`. */
export function folioErrorList(status: number, code: string, message: string, type = 'error'): Reply {
  return jsonReply(status, { errors: [{ message, code, type }] });
}

/** Okapi: wrong user name or password, unknown or inactive user (mod-login `LoginAPI`). */
export const wrongCredentials = () =>
  folioErrorList(
    422,
    'wrong.username.or.wrong.password.or.account.blocked',
    'Wrong username or wrong password or account blocked',
  );

/** Eureka: Keycloak's 401 passed on by mod-login-keycloak's exception handler. */
export const eurekaUnauthorized = () =>
  folioErrorList(401, 'unauthorized_error', 'Unauthorized error', 'UnauthorizedException');

/** mod-authtoken's answer to an expired, revoked or unknown access token: the reason is only logged. */
export const invalidToken = () => textReply(401, 'Invalid token');

export const folioSystemErrors: SystemErrors = {
  forStatus(status) {
    if (status === 401) return invalidToken();
    if (status === 404) return textReply(404, 'No suitable module found for path');
    if (status >= 500) return textReply(status, 'Internal Server error');
    return textReply(status, status === 413 ? 'Request Entity Too Large' : 'Bad Request');
  },
};
