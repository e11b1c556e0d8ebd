import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { LoginCounter } from '../shared/login-counter.js';
import type { AlmaApiKey, AlmaUser } from './seed.js';

/** Everything one Alma emulator knows; handlers read and change it, nothing else does. */
export class AlmaState {
  readonly logins = new LoginCounter();
  /** Requests that carried a password in the URL (`?password=`): a client test asserts this stays 0. */
  passwordsInUrl = 0;
  perSecondThreshold: number;
  #second = -1;
  #callsThisSecond = new Map<string, number>();

  constructor(
    readonly runtime: EmulatorRuntime,
    readonly seeds: { keys: AlmaApiKey[]; users: AlmaUser[] },
    perSecondThreshold: number,
  ) {
    this.perSecondThreshold = perSecondThreshold;
  }

  key(apiKey: string | undefined): AlmaApiKey | undefined {
    return this.seeds.keys.find((key) => key.apiKey === apiKey);
  }

  /** By primary id, or by any identifier (the barcode), as `user_id_type=all_unique` looks users up. */
  user(id: string, idType: string): AlmaUser | undefined {
    return this.seeds.users.find(
      (user) => user.primaryId === id || (idType === 'all_unique' && user.barcode === id),
    );
  }

  /** Counts a call against its key's per-second threshold; false when over it (Alma: 50 per second). */
  withinThreshold(apiKey: string): boolean {
    const second = Math.floor(this.runtime.clock.now() / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#callsThisSecond.clear();
    }
    const calls = (this.#callsThisSecond.get(apiKey) ?? 0) + 1;
    this.#callsThisSecond.set(apiKey, calls);
    return calls <= this.perSecondThreshold;
  }

  // Alma has no sessions to lose; a restart forgets only the threshold window.
  restart(): void {
    this.#callsThisSecond.clear();
  }
}
