import type { NestMajor } from './nest-project.js';
import type { ModuleSystem } from './running-app.js';

export type Platform = 'express' | 'fastify';

/** One app of the matrix. */
export interface Cell {
  major: NestMajor;
  platform: Platform;
  moduleSystem: ModuleSystem;
}

export const MAJORS: readonly NestMajor[] = [11, 12];

/** NestJS 11 and 12 × Express and Fastify × ESM and CommonJS. */
export const CELLS: readonly Cell[] = MAJORS.flatMap((major) =>
  (['express', 'fastify'] as const).flatMap((platform) =>
    (['esm', 'commonjs'] as const).map((moduleSystem) => ({ major, platform, moduleSystem })),
  ),
);
