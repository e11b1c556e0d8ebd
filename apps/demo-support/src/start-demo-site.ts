import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DemoOidcServer, startDemoOidcServer } from '@ils-auth/demo-oidc';
import { type AllEmulators, startAll } from '@ils-auth/emulator';
import { LIBRARY_SSO_ROUTE } from './demo-providers.js';

/** Anything a demo starts and must stop: an emulator, a server, a Nest app. */
export interface Closable {
  close(): Promise<void>;
}

export interface DemoSiteOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Loopback only: the demos sign people in with public test credentials. */
  host?: '127.0.0.1';
}

/** What a demo's app is built on: a server already listening, and the systems its patrons sign in to. */
export interface DemoBackends {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  /** Listening, with no request handler yet: the app attaches its own. */
  server: Server;
  /** The Sierra, OverDrive, RERO and Koha emulators (with their controls). */
  emulators: AllEmulators;
  /** The OpenID Connect server, with `<url>/auth/library/callback` registered. */
  oidc: DemoOidcServer;
  /** Something the app opened (a Nest app): closed first, before the servers it talks to. */
  closeFirst(running: Closable): void;
}

/** A running demo: its URL, what it signs in against, and one `close()` for all of it. */
export interface DemoSite {
  url: string;
  emulators: AllEmulators;
  oidc: DemoOidcServer;
  /** Stops everything in reverse order of starting. */
  close(): Promise<void>;
}

/**
 * Listens first, then starts the emulators and the OpenID server, then builds the app with `buildApp`.
 * The port comes first because the OpenID server registers the exact callback URI, which needs it. If any
 * step fails, what was already started is closed before the error is thrown: no port stays bound.
 */
export async function startDemoSite<App extends object>(
  options: DemoSiteOptions,
  buildApp: (backends: DemoBackends) => Promise<App>,
): Promise<DemoSite & App> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('the demos listen on 127.0.0.1 only');
  const server = await listen(createServer(), options.port ?? 0, host);
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  const started: Closable[] = [{ close: () => closeServer(server) }];
  const close = () => closeInReverse(started);
  try {
    const emulators = await startAll({ host });
    started.push(emulators);
    const oidc = await startDemoOidcServer({ redirectUris: [`${url}/auth/${LIBRARY_SSO_ROUTE}/callback`] });
    started.push(oidc);
    const app = await buildApp({
      url,
      server,
      emulators,
      oidc,
      closeFirst: (running) => {
        started.push(running);
      },
    });
    return { ...app, url, emulators, oidc, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The last started first: the app, then the OpenID server and the emulators, then the port. */
async function closeInReverse(started: readonly Closable[]): Promise<void> {
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
