/** One message received: its command code and when. Never a field: fields carry PINs and passwords. */
export interface Sip2LogEntry {
  command: string;
  at: number;
}

export interface Sip2Stats {
  connectionsOpened: number;
  connectionsOpen: number;
  /** Logins accepted (941). */
  logins: number;
  /** Messages received, by command code (`??` for a message too short to have one). */
  messages: Record<string, number>;
}

// Enough for any test; a long-running demo must not grow without bound.
const MAX_ENTRIES = 10_000;

/** Counters and the request log of one emulator. */
export class ActivityLog {
  #entries: Sip2LogEntry[] = [];
  #messages = new Map<string, number>();
  connectionsOpened = 0;
  connectionsOpen = 0;
  logins = 0;

  message(command: string, at: number): void {
    this.#entries.push({ command, at });
    // Trimmed in one go once twice over the bound: dropping one entry per message moves all the others.
    if (this.#entries.length >= 2 * MAX_ENTRIES) this.#entries = this.#entries.slice(-MAX_ENTRIES);
    this.#messages.set(command, (this.#messages.get(command) ?? 0) + 1);
  }

  entries(): readonly Sip2LogEntry[] {
    return this.#entries.slice(-MAX_ENTRIES).map((entry) => ({ ...entry }));
  }

  stats(): Sip2Stats {
    return {
      connectionsOpened: this.connectionsOpened,
      connectionsOpen: this.connectionsOpen,
      logins: this.logins,
      messages: Object.fromEntries(this.#messages),
    };
  }
}
