import { inspect } from 'node:util';
import { type IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';

/** The typed error a promise rejected with; a resolved promise or an untyped error fails the test. */
export function refusalOf(promise: Promise<unknown>): Promise<IlsAuthError> {
  return promise.then(
    () => {
      throw new Error('the call was expected to fail');
    },
    (error: unknown) => {
      if (!isIlsAuthError(error)) throw error;
      return error;
    },
  );
}

/** Every printed form of a value (an error, a descriptor, a client), where no secret may appear. */
export function printedForms(value: unknown): string {
  return `${String(value)} ${JSON.stringify(value)} ${inspect(value, { depth: 10 })}`;
}
