import type { TokenSlot } from '../client/token-slot.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { TokenStore } from '../store/token-store.js';
import { TokenSet } from '../tokens/token-set.js';
import { readSessionRecord, recordTokens, writeSessionRecord } from './session-record.js';

export interface SessionSlotOptions {
  store: TokenStore;
  key: string;
  provider: string;
  clock: () => number;
  /** Seconds a refresh token lives; a refreshable session is kept that long after each rotation. */
  refreshTokenLifetimeSeconds: number | undefined;
}

/**
 * The patron's tokens inside their session record. Clearing a refused token keeps the refresh token
 * (only the access token is marked dead), because for RERO the refresh token is what brings the session back.
 */
export function sessionTokenSlot(options: SessionSlotOptions): TokenSlot {
  const { store, key, clock } = options;
  return {
    key,
    async read() {
      return recordTokens(await readSessionRecord(store, key, clock()));
    },
    async write(token) {
      const now = clock();
      const record = await readSessionRecord(store, key, now);
      if (!record) {
        // Logged out (or expired) while the refresh was in flight: do not bring the session back.
        throw new IlsAuthError(
          'session_expired',
          `the ${options.provider} session ended while its token was being renewed`,
          {
            provider: options.provider,
            reauthRequired: true,
            status: 401,
          },
        );
      }
      await writeSessionRecord(
        store,
        key,
        {
          ...record,
          tokens: token.serialize(),
          expiresAt: sessionExpiry(token, now, options.refreshTokenLifetimeSeconds),
        },
        now,
      );
    },
    async clear(accessToken) {
      const now = clock();
      const record = await readSessionRecord(store, key, now);
      const current = recordTokens(record);
      if (!record || !current || (accessToken !== undefined && current.accessToken !== accessToken)) return;
      const dead = new TokenSet({
        accessToken: current.accessToken,
        refreshToken: current.refreshToken,
        expiresAt: 0,
        issuedAt: 0,
        scope: current.scope,
        raw: current.raw,
      });
      await writeSessionRecord(store, key, { ...record, tokens: dead.serialize() }, now);
    },
  };
}

/** A session lasts as long as what can renew it: the refresh token, or else the access token itself. */
export function sessionExpiry(
  token: TokenSet,
  now: number,
  refreshTokenLifetimeSeconds: number | undefined,
): number {
  if (token.refreshToken && refreshTokenLifetimeSeconds) return now + refreshTokenLifetimeSeconds * 1000;
  return token.expiresAt;
}
