import {
  createClient,
  createPatronAuth,
  IlsAuthError,
  type IlsClient,
  LoginThrottle,
  type PatronAuth,
  type ProviderDescriptor,
} from '@ils-auth/core';
import type { CookieOptions, Request, Response } from 'express';
import { readCookie } from './cookie-header.js';
import type { ResolvedOptions, ResolvedProvider } from './options.js';
import { CookieSealer } from './sealed-cookie.js';

export interface ProviderRuntime extends ResolvedProvider {
  auth: PatronAuth;
  /** The one app-token client of this provider, shared by every request; undefined without client credentials. */
  client: IlsClient | undefined;
}

/** The session cookie holds `<provider name>.<session id>`: one store read finds the session. */
export interface SessionCookie {
  provider: string;
  sessionId: string;
}

const SESSION_COOKIE = /^([A-Za-z][A-Za-z0-9_-]{0,31})\.([A-Za-z0-9_-]{16,128})$/;

/** Everything `ilsAuth()` builds once and every request shares. */
export class IlsAuthRuntime {
  readonly providers = new Map<string, ProviderRuntime>();
  readonly sealer: CookieSealer;
  readonly throttle: LoginThrottle | undefined;

  constructor(readonly options: ResolvedOptions) {
    this.sealer = new CookieSealer(options.secret);
    this.throttle = options.throttle
      ? new LoginThrottle(
          options.throttle.store,
          options.secret,
          options.keyPrefix,
          { barcode: options.throttle.barcode, ip: options.throttle.ip },
          options.clock,
        )
      : undefined;
    // One client per descriptor: two routes for one Sierra (login page and PIN form) share its app token.
    const clients = new Map<ProviderDescriptor, IlsClient | undefined>();
    const shared = { ...options.clientOptions, store: options.store };
    for (const provider of options.providers) {
      if (!clients.has(provider.descriptor)) {
        clients.set(
          provider.descriptor,
          provider.descriptor.grants.includes('client_credentials')
            ? createClient(provider.descriptor, shared)
            : undefined,
        );
      }
      const client = clients.get(provider.descriptor);
      const auth = createPatronAuth(provider.descriptor, {
        ...shared,
        ...(client ? { appClient: client } : {}),
        ...(provider.sessionTtlSeconds === undefined
          ? {}
          : { sessionTtlSeconds: provider.sessionTtlSeconds }),
        transactionMaxAgeSeconds: provider.transactionMaxAgeSeconds,
      });
      this.providers.set(provider.name, { ...provider, auth, client });
    }
  }

  provider(name: string): ProviderRuntime {
    const provider = typeof name === 'string' ? this.providers.get(name) : undefined;
    if (!provider)
      throw new IlsAuthError('config_invalid', `ilsAuth: no provider named "${String(name).slice(0, 40)}"`, {
        retryable: false,
      });
    return provider;
  }

  /** The provider a sign-in link goes to when none is named: the first one patrons can sign in with. */
  signInProvider(name?: string): ProviderRuntime {
    if (name !== undefined) return this.provider(name);
    for (const provider of this.providers.values()) if (provider.signIn) return provider;
    throw new IlsAuthError('config_invalid', 'ilsAuth: no provider offers patron sign-in', {
      retryable: false,
    });
  }

  readSessionCookie(req: Request): SessionCookie | undefined {
    const match = SESSION_COOKIE.exec(readCookie(req.headers.cookie, this.options.cookieName) ?? '');
    return match ? { provider: match[1]!, sessionId: match[2]! } : undefined;
  }

  setSessionCookie(req: Request, res: Response, provider: string, sessionId: string): void {
    res.cookie(this.options.cookieName, `${provider}.${sessionId}`, this.cookieOptions(req, '/'));
  }

  clearSessionCookie(req: Request, res: Response): void {
    res.clearCookie(this.options.cookieName, this.cookieOptions(req, '/'));
  }

  /** httpOnly and SameSite=Lax always; Secure on https (or as configured). No Max-Age: the store decides. */
  cookieOptions(req: Request, path: string): CookieOptions {
    const secure = this.options.secureCookies === 'auto' ? req.secure : this.options.secureCookies;
    return { httpOnly: true, sameSite: 'lax', secure, path };
  }

  /** `<mount><basePath>/<name>/<action>`: the router may be mounted below the root. */
  routePath(mountPath: string, name: string, action: 'login' | 'callback' | 'logout'): string {
    return `${mountPath}${this.options.basePath}/${name}/${action}`;
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsAuthRuntime', providers: [...this.providers.keys()] };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `IlsAuthRuntime { providers: ${JSON.stringify([...this.providers.keys()])} }`;
  }
}
