import type { IlsAuthErrorCode, PatronProfile } from '@ils-auth/core';

/**
 * How to make a descriptor: the name of a factory exported by `@ils-auth/core` and its options. Plain data,
 * so the child processes of the cluster case make the very same descriptor from it.
 */
export interface DescriptorRecipe {
  factory: string;
  options: Record<string, unknown>;
}

export interface Card {
  barcode: string;
  pin: string;
}

/** What `login()` does with a card: signs in with these profile fields, or refuses with this error. */
export type CardOutcome =
  | { signsIn: Partial<PatronProfile> }
  | { refused: { code: IlsAuthErrorCode; reason?: string; status?: number } };

export interface CardCase {
  card: Card;
  outcome: CardOutcome;
}

/**
 * The call whose credential the cases count: a patron `login()` where the system checks PINs with the
 * application's token or session (Sierra, Koha), or an API call with the application's client where a
 * patron's sign-in is itself the token request (OverDrive's password grant).
 */
export type AppCall = { kind: 'patron-login' } | { kind: 'client-fetch'; path: string };

/**
 * What the application authenticates with, and what the suite counts at the emulator for it.
 *
 * - `obtained`: a token, staff session or SIP login the application asks for; `counted()` counts those
 *   requests. One serves every process sharing the store (`cluster`: kept in it) or each process alone
 *   (`process`: SIP2's sockets); a cold cache costs `perColdCache` of them per scope (1, or SIP2's pool).
 * - `static-key`: nothing is ever asked for (Alma's API key); `counted()` counts every request the
 *   emulator answered, so "no credential request and no retry" is exactly `requestsPerCall` per call.
 */
export type Credential =
  | { kind: 'obtained'; scope: 'cluster' | 'process'; perColdCache: number }
  | { kind: 'static-key'; requestsPerCall: number };

/** One system's emulator, running, and everything the suite needs to know about it. */
export interface RunningSystem {
  descriptor: DescriptorRecipe;
  /** Every secret of the configuration (client secret, SIP2 password, …): none may appear in any output. */
  secrets: readonly string[];
  /** What the entry's `credential` says to count, as the emulator counted it so far. */
  counted(): number;
  /** Kills the application's token or session at the emulator, as a restart or an idle timeout does. */
  expireMidUse(): void;
  /** Makes the system unreachable or failing; returns what ends the outage. */
  stageOutage(): () => void;
  close(): Promise<void>;
}

/** One entry of the table: a system, and how to start its emulator. */
export interface ConformanceSystem {
  name: string;
  cards: {
    valid: CardCase;
    /** A right card with a wrong PIN. */
    wrongPin: Card;
    unknown: Card;
    /** Absent where the system's emulator has no such card (the README of the package says why). */
    blocked?: CardCase;
    expired?: CardCase;
    /** A card whose holder owes the library, where the system says how much. */
    fines?: CardCase;
  };
  appCall: AppCall;
  credential: Credential;
  start(): Promise<RunningSystem>;
}
