import type { ConformanceSystem } from '../conformance-system.js';
import { almaSystem } from './alma.js';
import { evergreenSystem } from './evergreen.js';
import { folioSystem } from './folio.js';
import { kohaSystem } from './koha.js';
import { overdriveSystem } from './overdrive.js';
import { polarisSystem } from './polaris.js';
import { sierraSystem } from './sierra.js';
import { sip2System } from './sip2.js';
import { symphonySystem } from './symphony.js';

/** Every system the suite runs over: one entry each. */
export const SYSTEMS: readonly ConformanceSystem[] = [
  sierraSystem,
  overdriveSystem,
  kohaSystem,
  sip2System,
  almaSystem,
  folioSystem,
  polarisSystem,
  symphonySystem,
  evergreenSystem,
];
