import type { EmulatorRuntime } from '../shared/emulator-server.js';
import { FailureWindow } from '../shared/failure-window.js';
import { LoginCounter } from '../shared/login-counter.js';
import { TokenBook } from '../shared/token-book.js';
import type { PapiKey, PolarisPatron, PolarisStaffUser } from './seed.js';
import { SignatureLog } from './signature-log.js';

export interface StaffToken {
  accessSecret: string;
  user: PolarisStaffUser;
}

export interface PolarisSettings {
  /** How far a request's `PolarisDate` may be from real time. */
  maxClockSkewSeconds: number;
  /** Polaris 7.0+'s `LegacyPatronAuthenticationSchemeEnabled` (the default): patron secrets do not expire. */
  legacyPatronAuthentication: boolean;
}

// The patron AccessSecret lifetime outside the legacy scheme.
export const PATRON_SECRET_LIFETIME_MS = 86_400_000;
// Under the legacy scheme the secret does not expire; ten years of emulator time stands for that.
export const LEGACY_PATRON_SECRET_LIFETIME_MS = 10 * 365 * 86_400_000;

/** Everything one Polaris emulator knows; handlers read and change it, nothing else does. */
export class PolarisState {
  /** Staff AccessTokens (they go in protected URLs) with the AccessSecret that signs with them. */
  readonly staffTokens: TokenBook<StaffToken>;
  /** Patron AccessSecrets from `authenticator/patron`, each standing for its patron. */
  readonly patronSecrets: TokenBook<{ patronId: number }>;
  /** Three failed staff logins in five minutes lock the account. */
  readonly staffLockout: FailureWindow;
  readonly logins = new LoginCounter();
  readonly signatures = new SignatureLog();
  /** Each patron's AccessSecrets, so that a call signed with one can be checked (live ones only count). */
  readonly #secretsOf = new Map<number, Set<string>>();

  constructor(
    readonly runtime: EmulatorRuntime,
    readonly settings: PolarisSettings,
    readonly seeds: { keys: PapiKey[]; staff: PolarisStaffUser[]; patrons: PolarisPatron[] },
  ) {
    this.staffTokens = new TokenBook(runtime.clock);
    this.patronSecrets = new TokenBook(runtime.clock);
    this.staffLockout = new FailureWindow(runtime.clock, 3, 300_000);
  }

  key(accessId: string): PapiKey | undefined {
    return this.seeds.keys.find((key) => key.accessId === accessId);
  }

  /** By barcode, or by user name where the patron has one. */
  patron(barcodeOrUsername: string): PolarisPatron | undefined {
    return this.seeds.patrons.find(
      (patron) => patron.barcode === barcodeOrUsername || patron.username === barcodeOrUsername,
    );
  }

  patronById(patronId: number): PolarisPatron | undefined {
    return this.seeds.patrons.find((patron) => patron.patronId === patronId);
  }

  issuePatronSecret(patronId: number, lifetimeMs: number) {
    const issued = this.patronSecrets.issue({ patronId }, lifetimeMs);
    const secrets = this.#secretsOf.get(patronId) ?? new Set();
    for (const secret of secrets) if (!this.patronSecrets.find(secret)) secrets.delete(secret);
    secrets.add(issued.token);
    this.#secretsOf.set(patronId, secrets);
    return issued;
  }

  livePatronSecrets(patronId: number): string[] {
    return [...(this.#secretsOf.get(patronId) ?? [])].filter((secret) => this.patronSecrets.find(secret));
  }

  restart(): void {
    this.staffTokens.clear();
    this.patronSecrets.clear();
    this.#secretsOf.clear();
  }
}
