import { randomUUID } from 'node:crypto';
import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { LoginCounter } from '../shared/login-counter.js';
import { TokenBook } from '../shared/token-book.js';
import type { SymphonyClient, SymphonyPatron, SymphonyStaffUser } from './seed.js';

/** Who a session token stands for: the staff account, or one patron. */
export type SymphonySession = { kind: 'staff'; staffKey: string } | { kind: 'patron'; patronKey: string };

/** Everything one Symphony emulator knows; handlers read and change it, nothing else does. */
export class SymphonyState {
  readonly sessions: TokenBook<SymphonySession>;
  readonly logins = new LoginCounter();

  constructor(
    readonly runtime: EmulatorRuntime,
    readonly seeds: { clients: SymphonyClient[]; staff: SymphonyStaffUser[]; patrons: SymphonyPatron[] },
  ) {
    // ILSWS session tokens are lowercase UUIDs; libilsws refuses anything else.
    this.sessions = new TokenBook(runtime.clock, 16, () => randomUUID());
  }

  /** By barcode or alternate id, as `/user/patron/login` takes either as `login`. */
  patronByLogin(login: string): SymphonyPatron | undefined {
    return this.seeds.patrons.find((patron) => patron.barcode === login || patron.alternateId === login);
  }

  patronByKey(key: string): SymphonyPatron | undefined {
    return this.seeds.patrons.find((patron) => patron.patronKey === key);
  }

  restart(): void {
    this.sessions.clear();
  }
}
