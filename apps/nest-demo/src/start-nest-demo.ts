import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DemoModule } from './demo.module.js';
import { DemoExceptionFilter } from './demo-exception.filter.js';
import { securityHeaders } from './security-headers.js';

export interface NestDemoOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Loopback only: the demo signs people in with public test credentials. */
  host?: '127.0.0.1';
  /** Nest's log levels (default: warnings and errors). */
  logLevels?: LogLevel[];
}

export interface NestDemo {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  /** The embedded Sierra, OverDrive and RERO emulators the demo signs in against (with their controls). */
  emulators: AllEmulators;
  /** Stops the app, then the emulators. */
  close(): Promise<void>;
}

/** Starts the emulators and the NestJS demo app in this process. */
export async function startNestDemo(options: NestDemoOptions = {}): Promise<NestDemo> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the demo listens on 127.0.0.1 only');
  const emulators = await startAll({ host });
  try {
    // A fresh secret per run unless one is given: sealed sign-in cookies do not outlive the process anyway.
    const secret = process.env.ILS_AUTH_SECRET ?? randomBytes(32).toString('hex');
    const app = await NestFactory.create<NestExpressApplication>(
      DemoModule.forEmulators({ emulators, secret }),
      { logger: options.logLevels ?? ['error', 'warn'] },
    );
    app.useGlobalFilters(new DemoExceptionFilter());
    app.disable('x-powered-by');
    app.use(securityHeaders);
    try {
      await app.listen(options.port ?? 0, host);
    } catch (error) {
      await app.close();
      throw error;
    }
    const { port } = app.getHttpServer().address() as AddressInfo;
    return {
      url: `http://${host}:${port}`,
      emulators,
      close: async () => {
        await app.close();
        await emulators.close();
      },
    };
  } catch (error) {
    await emulators.close();
    throw error;
  }
}
