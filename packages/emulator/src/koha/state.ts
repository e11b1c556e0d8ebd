import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { TokenBook } from '../shared/token-book.js';
import type { KohaClient, KohaPatron, KohaPatronAccount, KohaPatronLogin } from './seed.js';

/** Which Koha release's password validation to answer as (docs/providers.md, Koha). */
export type KohaPasswordValidationRelease = '23.05' | '23.11' | 'current';

export interface KohaSettings {
  passwordValidation: KohaPasswordValidationRelease;
  /** Koha's FailedLoginAttempts system preference; 0 (empty in Koha) turns the lockout off. */
  failedLoginAttempts: number;
}

/** Everything one Koha emulator knows. Tokens stand for the API key (and so the staff user) they were issued to. */
export class KohaState {
  readonly tokens: TokenBook<{ clientId: string }>;

  constructor(
    readonly runtime: EmulatorRuntime,
    readonly seeds: {
      clients: KohaClient[];
      patrons: KohaPatron[];
      logins: KohaPatronLogin[];
      accounts: KohaPatronAccount[];
    },
    readonly settings: KohaSettings,
  ) {
    this.tokens = new TokenBook(runtime.clock);
  }

  client(clientId: string | null | undefined): KohaClient | undefined {
    return this.seeds.clients.find((client) => client.clientId === clientId);
  }

  patron(patronId: string): KohaPatron | undefined {
    return this.seeds.patrons.find((patron) => String(patron.patron_id) === patronId);
  }

  login(patron: KohaPatron): KohaPatronLogin | undefined {
    return this.seeds.logins.find((login) => login.patron_id === patron.patron_id);
  }

  balance(patron: KohaPatron): number {
    return this.seeds.accounts.find((account) => account.patron_id === patron.patron_id)?.balance ?? 0;
  }

  restart(): void {
    this.tokens.clear();
  }
}
