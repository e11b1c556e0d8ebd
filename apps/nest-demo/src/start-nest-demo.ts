import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DemoOidcServer, startDemoOidcServer } from '@ils-auth/demo-oidc';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import { IlsAuthService } from '@ils-auth/nestjs';
import type { LogLevel } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DemoModule } from './demo.module.js';
import { DemoExceptionFilter } from './demo-exception.filter.js';
import { OIDC_ROUTE } from './demo-providers.js';
import { createApp, type NestPlatform, platformFromEnv, serveOn } from './platform.js';
import { securityHeaders } from './security-headers.js';

export interface NestDemoOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Loopback only: the demo signs people in with public test credentials. */
  host?: '127.0.0.1';
  /** Default: `NEST_PLATFORM` (`express` or `fastify`), else Express. */
  platform?: NestPlatform;
  /** Nest's log levels (default: warnings and errors). */
  logLevels?: LogLevel[];
}

export interface NestDemo {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  platform: NestPlatform;
  /** The embedded Sierra, OverDrive, RERO and Koha emulators the demo signs in against (with their controls). */
  emulators: AllEmulators;
  /** The OpenID Connect server the generic provider signs in with (its test patron, its issuer). */
  oidc: DemoOidcServer;
  /** Stops the app, then the OpenID server and the emulators. */
  close(): Promise<void>;
}

/** Starts the emulators, the OpenID server and the NestJS demo app in this process. */
export async function startNestDemo(options: NestDemoOptions = {}): Promise<NestDemo> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the demo listens on 127.0.0.1 only');
  const platform = options.platform ?? platformFromEnv();
  // Listening first: the OpenID server registers the exact callback URI, and that needs our port.
  const server = await listen(createServer(), options.port ?? 0, host);
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const started: { close(): Promise<void> }[] = [{ close: () => closeServer(server) }];
  try {
    const emulators = await startAll({ host });
    started.push(emulators);
    const oidc = await startDemoOidcServer({ redirectUris: [`${url}/auth/${OIDC_ROUTE}/callback`] });
    started.push(oidc);
    // A fresh secret per run unless one is given: sealed sign-in cookies do not outlive the process anyway.
    const secret = process.env.ILS_AUTH_SECRET ?? randomBytes(32).toString('hex');
    const app = await createApp(
      DemoModule.forDemo({ emulators, oidc, secret }),
      platform,
      options.logLevels ?? ['error', 'warn'],
    );
    started.push(app);
    app.useGlobalFilters(new DemoExceptionFilter(app.get(HttpAdapterHost)));
    app.use(securityHeaders);
    await serveOn(app, platform, server);
    // The OpenID server's metadata, read once before the first patron arrives (its errors surface here).
    await app.get(IlsAuthService).patronAuth(OIDC_ROUTE).ready();
    return { url, platform, emulators, oidc, close: () => closeAll(started) };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

/** Closes in reverse order of starting: the site first, then what it talks to. */
async function closeAll(started: readonly { close(): Promise<void> }[]): Promise<void> {
  for (const running of [...started].reverse()) await running.close();
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
