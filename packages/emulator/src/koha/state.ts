import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { TokenBook } from '../shared/token-book.js';
import type { KohaClient, KohaPatron } from './seed.js';

/** Everything one Koha emulator knows. Tokens stand for the API key (and so the staff user) they were issued to. */
export class KohaState {
  readonly tokens: TokenBook<{ clientId: string }>;

  constructor(
    readonly runtime: EmulatorRuntime,
    readonly seeds: { clients: KohaClient[]; patrons: KohaPatron[] },
  ) {
    this.tokens = new TokenBook(runtime.clock);
  }

  client(clientId: string | null | undefined): KohaClient | undefined {
    return this.seeds.clients.find((client) => client.clientId === clientId);
  }

  patron(patronId: string): KohaPatron | undefined {
    return this.seeds.patrons.find((patron) => String(patron.patron_id) === patronId);
  }

  restart(): void {
    this.tokens.clear();
  }
}
