import type { EmulatorControls } from '@ils-auth/emulator';
import type { RunningSystem } from '../conformance-system.js';

/**
 * How an HTTP emulator's application credential dies and how it goes down, the same for every system
 * whose emulator has `EmulatorControls`: a restart revokes every token and session; an outage is every
 * request answered 503 with a Retry-After, until it is cleared.
 */
export function httpEmulatorFaults(
  controls: EmulatorControls,
): Pick<RunningSystem, 'expireMidUse' | 'stageOutage'> {
  return {
    expireMidUse: () => controls.restart(),
    stageOutage() {
      controls.inject({ status: 503, retryAfter: 30, times: 1_000_000 });
      return () => controls.clearFaults();
    },
  };
}
