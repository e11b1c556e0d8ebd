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

/**
 * Counters and the request log of one emulator. The log keeps the last `MAX_ENTRIES` messages in a ring of
 * command codes and a ring of times, and makes entries only when asked: an object per message would live
 * for thousands of messages, and each would be copied out of the young generation, on every message.
 */
export class ActivityLog {
  readonly #commands: string[] = [];
  readonly #times = new Float64Array(MAX_ENTRIES);
  /** The ring's next slot, which holds its oldest entry once it is full. */
  #next = 0;
  #messages = new Map<string, number>();
  connectionsOpened = 0;
  connectionsOpen = 0;
  logins = 0;

  message(command: string, at: number): void {
    this.#commands[this.#next] = command;
    this.#times[this.#next] = at;
    this.#next = (this.#next + 1) % MAX_ENTRIES;
    this.#messages.set(command, (this.#messages.get(command) ?? 0) + 1);
  }

  entries(): readonly Sip2LogEntry[] {
    const count = this.#commands.length;
    const oldest = count < MAX_ENTRIES ? 0 : this.#next;
    return Array.from({ length: count }, (_, index) => {
      const slot = (oldest + index) % MAX_ENTRIES;
      return { command: this.#commands[slot] as string, at: this.#times[slot] as number };
    });
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
