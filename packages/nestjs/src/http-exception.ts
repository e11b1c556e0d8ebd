import { type IlsAuthError, type IlsAuthErrorCode, isIlsAuthError } from '@ils-auth/core';
import { HttpException } from '@nestjs/common';

/**
 * Our answer's status for each error code. `IlsAuthError.status` is what the provider answered and must not
 * leak through: a provider's 401 for our client secret is our server's fault (500), not a reason to ask the
 * browser to sign in.
 */
const STATUS_BY_CODE: Readonly<Record<IlsAuthErrorCode, number>> = {
  config_invalid: 500,
  invalid_input: 400,
  invalid_request: 400,
  invalid_client: 500,
  // A code that expired or was already used: the patron starts the sign-in again.
  invalid_grant: 400,
  unauthorized_client: 500,
  unsupported_grant_type: 500,
  invalid_scope: 500,
  invalid_token: 401,
  insufficient_scope: 403,
  access_denied: 403,
  invalid_credentials: 401,
  // As passport-oauth2: a state that cannot be verified is forbidden.
  state_mismatch: 403,
  session_expired: 401,
  malformed_response: 502,
  response_too_large: 502,
  provider_unavailable: 503,
  rate_limited: 429,
  timeout: 504,
  provider_error: 502,
};

/** The HTTP status a Nest app answers an `IlsAuthError` with. */
export function httpStatusOf(error: IlsAuthError): number {
  // A refresh token the provider refused ends the session: "sign in again", not a bad request.
  if (error.reauthRequired && error.code !== 'state_mismatch') return 401;
  return STATUS_BY_CODE[error.code] ?? 500;
}

/** The JSON body of the answer: the code and our own message, never a secret, a stack or the provider's body. */
export interface IlsAuthErrorBody {
  statusCode: number;
  /** The `IlsAuthError` code, e.g. `invalid_credentials`. */
  error: string;
  message: string;
}

/**
 * An `HttpException` carrying an `IlsAuthError`: Nest's default filter answers it with the right status and
 * body, and `IlsAuthExceptionFilter` adds `Retry-After`.
 */
export class IlsAuthHttpException extends HttpException {
  readonly ilsAuthError: IlsAuthError;

  constructor(error: IlsAuthError) {
    const status = httpStatusOf(error);
    const body: IlsAuthErrorBody = { statusCode: status, error: error.code, message: error.message };
    super(body, status);
    this.ilsAuthError = error;
  }
}

/** `IlsAuthError` → `IlsAuthHttpException`; anything else unchanged. */
export function toHttpException<T>(error: T): IlsAuthHttpException | T {
  return isIlsAuthError(error) ? new IlsAuthHttpException(error) : error;
}
