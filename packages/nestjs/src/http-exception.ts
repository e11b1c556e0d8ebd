import { httpStatusFor, type IlsAuthError, isIlsAuthError } from '@ils-auth/core';
import { HttpException } from '@nestjs/common';

/** The HTTP status a Nest app answers an `IlsAuthError` with: core's mapping, the same as in Express. */
export const httpStatusOf: (error: IlsAuthError) => number = httpStatusFor;

/** The JSON body of the answer: the code and our own message, never a secret, a stack or the provider's body. */
export interface IlsAuthErrorBody {
  statusCode: number;
  /** The `IlsAuthError` code, e.g. `invalid_credentials`. */
  error: string;
  message: string;
  /** After a session ended during the request: that provider's sign-in, back to the page asked for. */
  loginUrl?: string;
}

/** An `HttpException` carrying an `IlsAuthError`, which Nest's own filter answers too. */
export class IlsAuthHttpException extends HttpException {
  readonly ilsAuthError: IlsAuthError;

  constructor(error: IlsAuthError, loginUrl?: string) {
    const status = httpStatusOf(error);
    const body: IlsAuthErrorBody = {
      statusCode: status,
      error: error.code,
      message: error.message,
      ...(loginUrl ? { loginUrl } : {}),
    };
    super(body, status);
    this.ilsAuthError = error;
  }
}

/** `IlsAuthError` → `IlsAuthHttpException`; anything else unchanged. */
export function toHttpException<T>(error: T): IlsAuthHttpException | T {
  return isIlsAuthError(error) ? new IlsAuthHttpException(error) : error;
}
