import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { LoginCounter } from '../shared/login-counter.js';
import { LoginBlock } from './login-block.js';
import type { EvergreenUser } from './seed.js';
import { SessionBook } from './sessions.js';

/** Idle timeouts per login type, seconds (`default_timeout` in opensrf.xml.example). */
export type IdleTimeouts = Record<string, number>;

export const DEFAULT_IDLE_TIMEOUTS: IdleTimeouts = {
  opac: 420,
  staff: 7200,
  temp: 300,
  api: 3600,
  persist: 14 * 86_400,
};

/** Everything one Evergreen emulator knows; handlers read and change it, nothing else does. */
export class EvergreenState {
  readonly sessions: SessionBook;
  readonly loginBlock: LoginBlock;
  readonly logins = new LoginCounter();

  constructor(
    readonly runtime: EmulatorRuntime,
    readonly idleTimeouts: IdleTimeouts,
    readonly users: readonly EvergreenUser[],
  ) {
    this.sessions = new SessionBook(runtime.clock);
    this.loginBlock = new LoginBlock(runtime.clock);
  }

  userByUsername(username: string): EvergreenUser | undefined {
    return this.users.find((user) => user.usrname === username);
  }

  userByBarcode(barcode: string): EvergreenUser | undefined {
    return this.users.find((user) => user.barcode === barcode);
  }

  userById(id: unknown): EvergreenUser | undefined {
    return this.users.find((user) => String(user.id) === String(id));
  }

  restart(): void {
    this.sessions.clear();
  }
}
