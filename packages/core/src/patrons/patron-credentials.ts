import { IlsAuthError } from '../errors/ils-auth-error.js';

export interface PatronCredentials {
  /** Barcode or library card number. */
  barcode: string;
  /** PIN; may be omitted only for OverDrive collections configured as PIN-less. */
  pin?: string;
}

const MAX_LENGTH = 128;
// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Refuses hostile or broken input before any network call: a barcode or PIN with control characters
 * (header or log injection) or longer than any real card (128) is `invalid_input`. The message never
 * repeats the value.
 */
export function checkPatronCredentials(
  value: unknown,
  provider: string,
): { barcode: string; pin: string | undefined } {
  const input = (value ?? {}) as Partial<PatronCredentials>;
  const barcode = checkField(input.barcode, 'barcode', provider, true);
  const pin = checkField(input.pin, 'pin', provider, false);
  return { barcode: barcode as string, pin };
}

function checkField(value: unknown, name: string, provider: string, required: boolean): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (!required) return undefined;
    throw invalid(provider, `the ${name} is missing`);
  }
  if (typeof value !== 'string') throw invalid(provider, `the ${name} must be a string`);
  if (value.length > MAX_LENGTH)
    throw invalid(provider, `the ${name} is longer than ${MAX_LENGTH} characters`);
  if (CONTROL.test(value)) throw invalid(provider, `the ${name} contains control characters`);
  if (value.trim() === '') throw invalid(provider, `the ${name} is blank`);
  return value;
}

function invalid(provider: string, message: string): IlsAuthError {
  return new IlsAuthError('invalid_input', message, { provider, status: 400 });
}
