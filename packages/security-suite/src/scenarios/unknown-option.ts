import { isIlsAuthError } from '@ils-auth/core';
import { expect } from 'vitest';
import type { Scenario } from './scenario.js';

// The typo the issue found: `secureCookie` for `secureCookies` silently left cookies without Secure.
const TYPO = 'secureCookie';

export const unknownOption: Scenario = {
  id: 'unknown-option',
  title: `an unknown option (${TYPO}) is refused at construction with config_invalid naming it`,
  async run({ integration, environment }) {
    for (const [built, build] of Object.entries(integration.constructors)) {
      const outcome = await build(environment, { [TYPO]: true }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect.soft(outcome, `${built} accepted { ${TYPO}: true }`).toBeDefined();
      if (outcome === undefined) continue;
      expect
        .soft(isIlsAuthError(outcome) && outcome.code, `${built}: ${String(outcome)}`)
        .toBe('config_invalid');
      expect.soft(String((outcome as Error).message), built).toContain(TYPO);
    }
  },
};
