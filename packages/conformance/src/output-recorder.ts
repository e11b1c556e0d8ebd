import { inspect } from 'node:util';
import { type IlsAuthEvent, type Logger, onIlsAuthEvent } from '@ils-auth/core';

/**
 * Everything ils-auth let out while a system ran: log lines, events, and the printed forms (`String`,
 * `JSON.stringify`, `util.inspect`) of the errors, sessions and clients the suite handled.
 */
export class OutputRecorder {
  readonly logger: Logger = {
    debug: (message, context) => this.#lines.push(texts({ message, context })),
    warn: (message, context) => this.#lines.push(texts({ message, context })),
    error: (message, context) => this.#lines.push(texts({ message, context })),
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
    return texts(this.#events);
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

/**
 * The keys and string values of log contexts and events, one a line. Their numbers (durations, counts,
 * statuses) are left out: a 4-digit PIN is also a duration in milliseconds, and a leaked PIN or card
 * number is a string.
 */
function texts(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(texts).join('\n');
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .map(([key, inner]) => `${key}\n${texts(inner)}`)
      .join('\n');
  return '';
}

function printed(value: unknown): string {
  return `${String(value)} ${JSON.stringify(value)} ${inspect(value, { depth: 8 })}`;
}
