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

/** One system's emulator, running, and everything the suite needs to know about it. */
export interface RunningSystem {
  descriptor: DescriptorRecipe;
  /** Every secret of the configuration (client secret, SIP2 password, …): none may appear in any output. */
  secrets: readonly string[];
  /**
   * What the application authenticates with, counted at the emulator: token requests, staff logins, or
   * SIP2's login messages (93).
   */
  credentialRequests(): number;
  /** What a cold cache of 200 parallel callers costs in one process (1, or SIP2's pool size). */
  coldCacheRequests: number;
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
  };
  appCall: AppCall;
  /**
   * Where one credential serves: every process sharing the store (`cluster`: a token or staff session
   * kept in it), or each process alone (`process`: SIP2's sockets).
   */
  credentialScope: 'cluster' | 'process';
  start(): Promise<RunningSystem>;
}
