import 'reflect-metadata';
import type { DynamicModule, INestApplication, LoggerService, Provider, Type } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';

export { Browser as CookieJar, TEST_SECRET } from '@ils-auth/test-support';

export interface TestApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** The HTTP platforms the package supports. */
export const PLATFORMS = ['express', 'fastify'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface TestAppOptions {
  platform?: Platform;
  /** App-wide providers, such as `{ provide: APP_GUARD, useClass: PatronGuard }`. */
  providers?: Provider[];
  logger?: LoggerService | false;
}

/** A Nest app from a module list and controllers, listening on 127.0.0.1 at a free port. */
export async function startTestApp(
  imports: (DynamicModule | Type<unknown>)[],
  controllers: Type<unknown>[],
  setup?: (app: INestApplication) => void,
  { platform = 'express', providers = [], logger = false }: TestAppOptions = {},
): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({ imports, controllers, providers }).compile();
  const app =
    platform === 'fastify'
      ? moduleRef.createNestApplication(new FastifyAdapter(), { logger })
      : moduleRef.createNestApplication({ logger });
  setup?.(app);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}
