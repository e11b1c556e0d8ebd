import { inspect } from 'node:util';
import { type IlsAuthEvent, type Logger, onIlsAuthEvent } from '@ils-auth/core';

/**
 * Everything ils-auth let out while a system ran: log lines, events, and the printed forms (`String`,
 * `JSON.stringify`, `util.inspect`) of the errors, sessions and clients the suite handled.
 */
export class OutputRecorder {
  readonly logger: Logger = {
    debug: (message, context) => this.#lines.push(printed({ message, context })),
    warn: (message, context) => this.#lines.push(printed({ message, context })),
    error: (message, context) => this.#lines.push(printed({ message, context })),
  };
  readonly #lines: string[] = [];
  readonly #events: IlsAuthEvent[] = [];
  readonly #objects: string[] = [];
  readonly #unsubscribe = onIlsAuthEvent((event) => this.#events.push(event));

  /** Keeps the printed forms of an error, session or client. */
  keep(value: unknown): void {
    this.#objects.push(printed(value));
  }

  get logLines(): readonly string[] {
    return this.#lines;
  }

  get events(): string {
    return printed(this.#events);
  }

  /** What may hold no card number either: log lines, events, errors (sessions and clients left out). */
  withoutSessions(errors: readonly unknown[]): string {
    return [...this.#lines, this.events, ...errors.map(printed)].join('\n');
  }

  all(): string {
    return [...this.#lines, this.events, ...this.#objects].join('\n');
  }

  stop(): void {
    this.#unsubscribe();
  }
}

function printed(value: unknown): string {
  return `${String(value)} ${JSON.stringify(value)} ${inspect(value, { depth: 8 })}`;
}
