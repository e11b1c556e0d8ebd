import { createServer } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '@ils-auth/test-support';
import type { Express } from 'express';

/** Serves an Express app on a free loopback port. */
export function listen(app: Express): Promise<LoopbackServer> {
  return listenOnLoopback(createServer(app));
}
