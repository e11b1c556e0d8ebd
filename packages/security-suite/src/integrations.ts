import type { Integration } from './harness.js';

export interface NamedIntegration {
  name: string;
  /**
   * Imported when the suite starts, each on its own: an adapter whose build is broken fails its own rows
   * of the matrix, not the whole suite.
   */
  load(): Promise<Integration>;
}

export const INTEGRATIONS: readonly NamedIntegration[] = [
  {
    name: 'express router',
    load: async () => (await import('./harnesses/express-router.js')).expressRouter,
  },
  {
    name: 'passport + express-session',
    load: async () => (await import('./harnesses/passport-session.js')).passportWithSession,
  },
  {
    name: 'passport, session: false',
    load: async () => (await import('./harnesses/passport-sealed-cookie.js')).passportSealedCookie,
  },
  {
    name: 'nestjs guards',
    load: async () => (await import('./harnesses/nestjs-guards.js')).nestGuards,
  },
  {
    name: 'nestjs guards, fastify',
    load: async () => (await import('./harnesses/nestjs-guards.js')).nestGuardsOnFastify,
  },
];
