import { expect } from 'vitest';
import type { CliResult } from './run-cli.js';

/** Fails when any of `secrets` appears on the command's stdout or stderr. */
export function expectNoSecret(result: CliResult, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(result.stdout.includes(secret), 'a secret on stdout').toBe(false);
    expect(result.stderr.includes(secret), 'a secret on stderr').toBe(false);
  }
}
