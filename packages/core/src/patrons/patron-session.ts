import { inspect } from 'node:util';
import type { PatronProfile } from './patron-profile.js';

/**
 * A signed-in patron as the application sees it. Tokens stay in the store; `id` is the only thing the
 * browser should hold (in an httpOnly cookie). The id is a bearer credential, so it is hidden from
 * `JSON.stringify` and `util.inspect`; read it from the property.
 */
export interface PatronSession {
  readonly id: string;
  readonly provider: string;
  readonly patronId: string | undefined;
  readonly profile: PatronProfile | undefined;
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms after which the patron must sign in again. */
  readonly expiresAt: number;
  /** The provider can renew the patron's token without them (RERO); otherwise they sign in again. */
  readonly refreshable: boolean;
}

export function patronSession(fields: PatronSession): PatronSession {
  const session = { ...fields };
  const visible = () => ({ ...session, id: '[redacted]' });
  Object.defineProperty(session, 'toJSON', { enumerable: false, value: visible });
  Object.defineProperty(session, inspect.custom, {
    enumerable: false,
    value: () => `PatronSession ${inspect(visible())}`,
  });
  return Object.freeze(session);
}
