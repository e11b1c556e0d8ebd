import { jsonReply, type Reply, textReply } from '../shared/http.js';
import type { SystemErrors } from '../shared/request-pipeline.js';

/** mod-login's error list: `{"errors":[{message, code, type}]}`. */
export function folioErrorList(status: number, code: string, message: string): Reply {
  return jsonReply(status, { errors: [{ message, code, type: 'error' }] });
}

/** Okapi: wrong user name or password, unknown or inactive user (mod-login `LoginAPI`). */
export const wrongCredentials = () =>
  folioErrorList(
    422,
    'wrong.username.or.wrong.password.or.account.blocked',
    'Wrong username or wrong password or account blocked',
  );

/**
 * Eureka: Keycloak's 401 as mod-login-keycloak passes it on (`KeycloakService.getToken`,
 * `ApiExceptionHandler`): its error list carries `total_records` too.
 */
export const eurekaUnauthorized = () =>
  jsonReply(401, {
    errors: [{ message: 'Unauthorized error', type: 'UnauthorizedException', code: 'unauthorized_error' }],
    total_records: 1,
  });

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
