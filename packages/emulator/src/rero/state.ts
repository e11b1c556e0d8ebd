import { randomBytes } from 'node:crypto';
import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { type Issued, TokenBook } from '../shared/token-book.js';
import type { ChallengeMethod } from './pkce.js';
import type { ReroClient, ReroPatron } from './seed.js';

export type PatronInfoShape = 'current' | 'legacy';

export interface ReroCode {
  clientId: string;
  userId: number;
  redirectUri: string;
  scopes: string[];
  challenge?: { value: string; method: ChallengeMethod };
}

export interface ReroGrant {
  clientId: string;
  userId: number;
  scopes: string[];
}

export interface ReroSession {
  userId: number;
  /** Ties the consent form to this session, so another site cannot post it. */
  csrfToken: string;
}

// Lifetimes from RERO's documentation (seed 004); the access token's comes from the settings.
export const CODE_LIFETIME_MS = 30_000;
export const REFRESH_LIFETIME_MS = 30 * 24 * 3600 * 1000;
const SESSION_LIFETIME_MS = 24 * 3600 * 1000;

/** Everything one RERO ILS emulator knows. */
export class ReroState {
  readonly clients = new Map<string, ReroClient>();
  readonly sessions: TokenBook<ReroSession>;
  readonly codes: TokenBook<ReroCode>;
  readonly accessTokens: TokenBook<ReroGrant>;
  readonly refreshTokens: TokenBook<ReroGrant>;
  /** The one live pair per (client, patron), as Invenio keeps it. */
  readonly #pairs = new Map<string, { access: string; refresh: string }>();

  constructor(
    readonly runtime: EmulatorRuntime,
    clients: readonly ReroClient[],
    readonly patrons: readonly ReroPatron[],
    public patronInfoShape: PatronInfoShape,
  ) {
    for (const client of clients) this.clients.set(client.clientId, client);
    this.sessions = new TokenBook(runtime.clock);
    this.codes = new TokenBook(runtime.clock, 24);
    // Invenio's tokens are 30-character strings; 30 random bytes read as 40 base64url characters.
    this.accessTokens = new TokenBook(runtime.clock, 30);
    this.refreshTokens = new TokenBook(runtime.clock, 30);
  }

  startSession(userId: number): Issued<ReroSession> {
    return this.sessions.issue(
      { userId, csrfToken: randomBytes(18).toString('base64url') },
      SESSION_LIFETIME_MS,
    );
  }

  /** Issues a new pair for (client, patron); the previous pair of that couple stops working at once. */
  issuePair(grant: ReroGrant): { access: Issued<ReroGrant>; refresh: Issued<ReroGrant> } {
    const key = `${grant.clientId}\u0000${grant.userId}`;
    const previous = this.#pairs.get(key);
    if (previous) {
      this.accessTokens.revoke(previous.access);
      this.refreshTokens.revoke(previous.refresh);
    }
    const access = this.accessTokens.issue(grant, this.runtime.settings.tokenTtlSeconds * 1000);
    const refresh = this.refreshTokens.issue(grant, REFRESH_LIFETIME_MS);
    this.#pairs.set(key, { access: access.token, refresh: refresh.token });
    return { access, refresh };
  }

  /** A restart loses tokens and codes; sessions (kept apart from the app, as in Redis) survive. */
  restart(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.#pairs.clear();
  }
}
