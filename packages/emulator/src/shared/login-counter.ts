/** How one sign-in attempt ended. */
export type LoginOutcome = 'ok' | 'failed' | 'locked';

export type LoginCounts = Record<string, Record<LoginOutcome, number>>;

/**
 * Sign-ins per kind (`staff`, `patron`, `refresh`, …) and outcome. Tests of single flight need the
 * successful ones apart from the refused ones ("exactly one staff login across four processes"), which
 * the request log's per-endpoint counts cannot say when staff and patrons share an endpoint.
 */
export class LoginCounter {
  #counts = new Map<string, Record<LoginOutcome, number>>();

  record(kind: string, outcome: LoginOutcome): void {
    const counts = this.#counts.get(kind) ?? { ok: 0, failed: 0, locked: 0 };
    counts[outcome] += 1;
    this.#counts.set(kind, counts);
  }

  /** Successful sign-ins of one kind. */
  ok(kind: string): number {
    return this.#counts.get(kind)?.ok ?? 0;
  }

  snapshot(): LoginCounts {
    return Object.fromEntries([...this.#counts].map(([kind, counts]) => [kind, { ...counts }]));
  }

  clear(): void {
    this.#counts.clear();
  }
}

/** The controls every emulator with sign-ins adds to `EmulatorControls`. */
export interface LoginControls {
  /** Sign-ins so far, per kind and outcome: `{ staff: { ok: 1, failed: 0, locked: 0 }, … }`. */
  logins(): LoginCounts;
  clearLogins(): void;
}

export function loginControls(counter: LoginCounter): LoginControls {
  return { logins: () => counter.snapshot(), clearLogins: () => counter.clear() };
}
