import type { Server } from 'node:http';
import type { DynamicModule, INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

/** The HTTP platform Nest runs on: the same controllers, guards and filter on both. */
export type NestPlatform = 'express' | 'fastify';

const PLATFORMS: readonly NestPlatform[] = ['express', 'fastify'];

/** `NEST_PLATFORM=fastify`, else Express; anything else is refused rather than silently ignored. */
export function platformFromEnv(value = process.env.NEST_PLATFORM): NestPlatform {
  if (value === undefined || value === '') return 'express';
  if ((PLATFORMS as readonly string[]).includes(value)) return value as NestPlatform;
  throw new Error(`NEST_PLATFORM must be one of ${PLATFORMS.join(', ')}, not "${value}"`);
}

/** Creates the app on the platform, trusting a proxy on loopback only (for `req.ip` and the protocol). */
export async function createApp(
  module: DynamicModule,
  platform: NestPlatform,
  logger: LogLevel[],
): Promise<INestApplication> {
  if (platform === 'fastify') {
    return NestFactory.create<NestFastifyApplication>(
      module,
      new FastifyAdapter({ trustProxy: 'loopback' }),
      { logger },
    );
  }
  const app = await NestFactory.create<NestExpressApplication>(module, new ExpressAdapter(), { logger });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  return app;
}

/**
 * Serves the initialised app on a server that already listens (the demo binds its port before the app
 * exists, so the OpenID server can register the exact callback URI).
 */
export async function serveOn(app: INestApplication, platform: NestPlatform, server: Server): Promise<void> {
  await app.init();
  if (platform === 'fastify') {
    const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
    await fastify.ready();
    server.on('request', (req, res) => fastify.routing(req, res));
    return;
  }
  server.on('request', (app as NestExpressApplication).getHttpAdapter().getInstance());
}
