import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { TokenBook } from '../shared/token-book.js';
import type { SierraBib, SierraClient, SierraPatron } from './seed.js';

export interface SierraToken {
  clientId: string;
  grantType: 'client_credentials' | 'authorization_code';
  /** Set for authorization-code tokens: the one patron this token may read. */
  patronId?: number;
  /** Lifetime at issue, reported as each role's `tokenLifetime`. */
  lifetimeSeconds: number;
}

export interface SierraCode {
  clientId: string;
  redirectUri: string;
  patronId: number;
}

/** Authorization codes live 60 s of emulator time and are single use. */
export const SIERRA_CODE_LIFETIME_MS = 60_000;

/** Everything one Sierra emulator knows; handlers read and change it, nothing else does. */
export class SierraState {
  readonly clients: ReadonlyMap<string, SierraClient>;
  readonly tokens: TokenBook<SierraToken>;
  readonly codes: TokenBook<SierraCode>;

  constructor(
    readonly runtime: EmulatorRuntime,
    clients: readonly SierraClient[],
    readonly patrons: readonly SierraPatron[],
    readonly bibs: readonly SierraBib[],
  ) {
    this.clients = new Map(clients.map((client) => [client.clientId, client]));
    // 48 random bytes: 64 characters, the length of the token in Sierra's documentation.
    this.tokens = new TokenBook(runtime.clock, 48);
    this.codes = new TokenBook(runtime.clock, 24);
  }

  /** Tomcat restarted: every token and code is gone. */
  restart(): void {
    this.tokens.clear();
    this.codes.clear();
  }
}
