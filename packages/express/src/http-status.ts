import { httpStatusFor, type IlsAuthError } from '@ils-auth/core';

/** The same error with `status` set to our answer's status, so Express's own error handler uses it too. */
export function withHttpStatus(error: IlsAuthError): IlsAuthError {
  const status = httpStatusFor(error);
  return error.status === status ? error : error.with({ status });
}
