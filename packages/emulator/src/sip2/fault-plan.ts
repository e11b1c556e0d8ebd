/** A misbehaviour of the server that tests switch on. */
export type Sip2FaultKind =
  | 'close-after-login'
  | 'stall'
  | 'garbage'
  | 'missing-checksum'
  | 'bad-checksum'
  | 'oversized'
  | 'close-next';

export interface Sip2FaultOptions {
  /** How many messages it strikes (default 1). */
  times?: number;
  /** Only messages with this command code (e.g. `63`); default any. `close-after-login` strikes only `93`. */
  command?: string;
}

const KINDS: ReadonlySet<string> = new Set<Sip2FaultKind>([
  'close-after-login',
  'stall',
  'garbage',
  'missing-checksum',
  'bad-checksum',
  'oversized',
  'close-next',
]);

/** The one fault in force, and how many more messages it strikes. Setting another replaces it. */
export class FaultPlan {
  #kind: Sip2FaultKind | undefined;
  #remaining = 0;
  #command: string | undefined;

  set(kind: Sip2FaultKind | null, options: Sip2FaultOptions = {}): void {
    if (kind === null) {
      this.#kind = undefined;
      return;
    }
    if (!KINDS.has(kind)) throw new RangeError(`fault: unknown kind ${JSON.stringify(kind)}`);
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`fault: times must be a whole number from 1, got ${String(times)}`);
    }
    if (options.command !== undefined && !/^\d\d$/.test(options.command)) {
      throw new RangeError(`fault: command must be a two-digit code, got ${JSON.stringify(options.command)}`);
    }
    this.#kind = kind;
    this.#remaining = times;
    this.#command = kind === 'close-after-login' ? '93' : options.command;
  }

  /** The fault striking this message, counted as used; undefined when none does. */
  take(command: string, loginAccepted = false): Sip2FaultKind | undefined {
    const kind = this.#kind;
    if (kind === undefined) return undefined;
    if (this.#command !== undefined && this.#command !== command) return undefined;
    if (kind === 'close-after-login' && !loginAccepted) return undefined;
    this.#remaining -= 1;
    if (this.#remaining <= 0) this.#kind = undefined;
    return kind;
  }

  /** Whether the fault in force acts on the message before it is handled (rather than on its answer). */
  peekBeforeHandling(command: string): boolean {
    return (
      (this.#kind === 'stall' || this.#kind === 'close-next') &&
      (this.#command === undefined || this.#command === command)
    );
  }
}
