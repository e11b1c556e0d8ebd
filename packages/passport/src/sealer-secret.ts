import { strategyConfigError } from './config-error.js';

/** Shortest secret accepted: 32 characters, as much entropy as the 256-bit key it becomes should have. */
export const MIN_SECRET_LENGTH = 32;

/** Checks a `secret` option (a string, or an array for rotation) and returns it as a list. */
export function checkSecret(owner: string, secret: unknown): readonly string[] {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (!Array.isArray(secrets) || secrets.length === 0) {
    throw strategyConfigError(owner, 'secret', 'must be a string or a non-empty array of strings');
  }
  for (const value of secrets) {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) {
      // Never repeat the value: it is a secret, even when it is too short to be a good one.
      throw strategyConfigError(owner, 'secret', `must be at least ${MIN_SECRET_LENGTH} characters long`);
    }
  }
  return secrets as readonly string[];
}
