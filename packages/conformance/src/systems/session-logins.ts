import type { LoginControls } from '@ils-auth/emulator';

/**
 * The requests an emulator counted for the application's session, of the given kinds (`staff`, FOLIO's
 * `refresh`, …), whether they succeeded, were refused or hit a lockout.
 */
export function sessionRequests(controls: LoginControls, kinds: readonly string[]): number {
  const logins = controls.logins();
  return kinds
    .map((kind) => logins[kind])
    .reduce((sum, count) => sum + (count ? count.ok + count.failed + count.locked : 0), 0);
}
