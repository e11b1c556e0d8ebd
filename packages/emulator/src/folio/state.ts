import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { LoginCounter } from '../shared/login-counter.js';
import { TokenBook } from '../shared/token-book.js';
import { RefreshTokenStore } from './refresh-tokens.js';
import type { FolioUser } from './seed.js';

/** Okapi (mod-login) or Eureka (mod-login-keycloak behind Kong): they differ in a few answers. */
export type FolioMode = 'okapi' | 'eureka';

export interface FolioSettings {
  mode: FolioMode;
  tenant: string;
  refreshTokenTtlSeconds: number;
  /** Whether the deprecated `/authn/login` answers (else 404, as with `LEGACY_TOKEN_TENANTS` unset). */
  legacyLogin: boolean;
}

export interface FolioAccess {
  userId: string;
}

// Legacy tokens never expire; ten years of emulator time is "never" for any test.
export const LEGACY_TOKEN_LIFETIME_MS = 10 * 365 * 86_400_000;

/** Everything one FOLIO emulator knows; handlers read and change it, nothing else does. */
export class FolioState {
  readonly accessTokens: TokenBook<FolioAccess>;
  readonly refreshTokens: RefreshTokenStore;
  readonly logins = new LoginCounter();

  constructor(
    readonly runtime: EmulatorRuntime,
    readonly settings: FolioSettings,
    readonly users: readonly FolioUser[],
  ) {
    this.accessTokens = new TokenBook(runtime.clock);
    this.refreshTokens = new RefreshTokenStore(runtime.clock);
  }

  userByName(username: string): FolioUser | undefined {
    return this.users.find((user) => user.username === username);
  }

  userById(id: string): FolioUser | undefined {
    return this.users.find((user) => user.id === id);
  }

  restart(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }
}
