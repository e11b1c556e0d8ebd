import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import {
  type DemoSite,
  type DemoSiteOptions,
  LIBRARY_SSO_ROUTE,
  startDemoSite,
} from '@ils-auth/demo-support';
import { IlsAuthService } from '@ils-auth/nestjs';
import type { LogLevel } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DemoModule } from './demo.module.js';
import { DemoExceptionFilter } from './demo-exception.filter.js';
import { createApp, type NestPlatform, platformFromEnv, serveOn } from './platform.js';
import { securityHeaders } from './security-headers.js';

export interface NestDemoOptions extends DemoSiteOptions {
  /** Default: `NEST_PLATFORM` (`express` or `fastify`), else Express. */
  platform?: NestPlatform;
  /** Nest's log levels (default: warnings and errors). */
  logLevels?: LogLevel[];
}

/** The running app: its URL and platform, the emulators and OpenID server it signs in against, `close()`. */
export interface NestDemo extends DemoSite {
  platform: NestPlatform;
}

/** Starts the emulators, the OpenID server and the NestJS demo app in this process. */
export async function startNestDemo(options: NestDemoOptions = {}): Promise<NestDemo> {
  const platform = options.platform ?? platformFromEnv();
  return startDemoSite(options, async ({ server, emulators, oidc, closeFirst }) => {
    // A fresh secret per run unless one is given: sealed sign-in cookies do not outlive the process anyway.
    const secret = process.env.ILS_AUTH_SECRET ?? randomBytes(32).toString('hex');
    const app = await createApp(
      DemoModule.forDemo({ emulators, oidc, secret }),
      platform,
      options.logLevels ?? ['error', 'warn'],
    );
    closeFirst(app);
    app.useGlobalFilters(new DemoExceptionFilter(app.get(HttpAdapterHost)));
    app.use(securityHeaders);
    await serveOn(app, platform, server);
    // The OpenID server's metadata, read once before the first patron arrives (its errors surface here).
    await app.get(IlsAuthService).patronAuth(LIBRARY_SSO_ROUTE).ready();
    return { platform };
  });
}
