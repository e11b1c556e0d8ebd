import { inspect } from 'node:util';
import type { IlsClient } from '../../client/create-client.js';
import { IlsAuthError } from '../../errors/ils-auth-error.js';
import { forwardingClient } from '../forwarding-client.js';
import { safeReturnTo } from '../return-to.js';
import { signInFailureRedirect } from '../sign-in-failure.js';
import type { ResolvedWebOptions } from '../web-options.js';
import type { WebRequest } from '../web-request.js';
import { type AcceptedSignIn, acceptSignIn } from './accept-sign-in.js';
import { startCodeSignIn, verifyCodeSignIn } from './code-sign-in.js';
import type { StartCodeSignInOptions, VerifyCodeSignInOptions } from './code-sign-in-options.js';
import { EngineRequest } from './engine-request.js';
import {
  createEngineSetup,
  type EngineAdapter,
  type EngineOptions,
  type EngineSetup,
  providerNamed,
} from './engine-setup.js';
import { type ErrorAnswer, errorAnswer } from './error-answer.js';
import { assertRequestSameOrigin, type PinForm, verifyPinSignIn } from './pin-sign-in.js';
import { forwardedFor, returnToOf } from './request-site.js';
import { signInProvider, signInRoutesProvider } from './sign-in-location.js';
import { type SignInStep, type SignInStepOptions, signInStep } from './sign-in-step.js';
import type { SignedIn } from './signed-in.js';
import type { WebProvider } from './web-provider.js';
import type { WebRedirect } from './web-redirect.js';

/**
 * The sign-in engine: every step of ils-auth's web flow, framework-free, answered with data. An adapter
 * converts its request to a `WebRequest`, calls a step and writes back the status, headers, cookies and
 * redirect it is given; it decides nothing about security itself.
 *
 * - Code flow: `startCodeSignIn` (302 to the provider), `verifyCodeSignIn` (the callback: single use,
 *   state, code exchange).
 * - PIN: `verifyPinSignIn` (same-origin, throttle, PIN check).
 * - Then `acceptSignIn` (the `signIn` callback) for a framework that keeps its own session (Passport's
 *   `req.logIn`), or `request(…).signIn(signedIn)`: callback, ils-auth's session cookie, event, 303.
 * - Per request, `request(webRequest, req)`: the patrons of the browser's sessions (`load`), sign-out,
 *   `patronFetch`, the error answer (see `EngineRequest`, `signOut`, `patronFetch`).
 */
export class IlsAuthEngine<Req = unknown> {
  readonly setup: EngineSetup<Req>;

  constructor(options: EngineOptions<unknown, Req>, adapter: EngineAdapter) {
    this.setup = createEngineSetup(options, adapter);
  }

  get options(): ResolvedWebOptions {
    return this.setup.options;
  }

  get providers(): ReadonlyMap<string, WebProvider> {
    return this.setup.providers;
  }

  /** A provider by the name the application gave it; `config_invalid` for a name never configured. */
  provider(name: string): WebProvider {
    return providerNamed(this.setup, name);
  }

  /** The provider a sign-in goes to when none is named: the first one patrons can sign in with. */
  signInProvider(name?: string): WebProvider {
    return signInProvider(this.setup, name);
  }

  /** The provider whose sign-in routes `user` serves; `config_invalid` naming both when it has no sign-in. */
  signInRoutesProvider(name: string, user: string): WebProvider {
    return signInRoutesProvider(this.setup, name, user);
  }

  /**
   * A provider's one shared app-token client (its token is cached: no token request per call); seen from
   * `request`, calls to providers that want the patron's IP carry it. `config_invalid` for a provider
   * without an app credential (client credentials, an app sign-in or key).
   */
  appClient(name: string, request?: WebRequest): IlsClient {
    const provider = this.provider(name);
    if (!provider.client)
      throw new IlsAuthError(
        'config_invalid',
        `${this.setup.owner}: ${provider.descriptor.displayName} ("${name}") has no app token (no client credentials grant, app sign-in or key)`,
        { provider: provider.descriptor.id, retryable: false },
      );
    const ip = request && forwardedFor(request, provider);
    return ip ? forwardingClient(provider.client, ip) : provider.client;
  }

  /** A return path from untrusted input, or the configured default. */
  returnTo(value: unknown, fallback?: string): string {
    return returnToOf(this.setup.options, value, fallback);
  }

  /** Refuses a post that another site made the browser send (login CSRF); see `assertSameOrigin`. */
  assertSameOrigin(request: WebRequest): void {
    assertRequestSameOrigin(this.setup, request);
  }

  /** Per call: `scopes`, `params` (checked), and the `holder` of the transaction (default the sealed cookie). */
  startCodeSignIn(request: WebRequest, name: string, options: StartCodeSignInOptions): Promise<WebRedirect> {
    return startCodeSignIn(this.setup, request, name, options);
  }

  /** `options.holder`: the one the start step used. */
  verifyCodeSignIn(request: WebRequest, name: string, options?: VerifyCodeSignInOptions): Promise<SignedIn> {
    return verifyCodeSignIn(this.setup, request, name, options);
  }

  verifyPinSignIn(request: WebRequest, name: string, form: PinForm): Promise<SignedIn> {
    return verifyPinSignIn(this.setup, request, name, form);
  }

  /** The step a request to a sign-in route takes (start, callback or PIN form); see `signInStep`. */
  signInStep(request: WebRequest, name: string, options: SignInStepOptions): Promise<SignInStep> {
    return signInStep(this.setup, request, name, options);
  }

  /** The `signIn` callback's decision on a verified sign-in, without any session cookie (see `acceptSignIn`). */
  acceptSignIn(signedIn: SignedIn, req: Req): Promise<AcceptedSignIn> {
    return acceptSignIn(this.setup, signedIn, req);
  }

  /** The engine's view of one request (its sessions are read when first asked for). */
  request(request: WebRequest, req: Req): EngineRequest<Req> {
    return new EngineRequest(this.setup, request, req);
  }

  /**
   * The answer to a failed sign-in for a page: 303 to `failureRedirect` with a safe error code; undefined
   * when no such page is configured or the caller wants JSON (answer the error then). `returnTo`: the
   * form's, else the URL's `?returnTo=`.
   */
  signInFailure(
    request: WebRequest,
    error: unknown,
    context: { provider: string; returnTo?: unknown },
  ): WebRedirect | undefined {
    const asked =
      context.returnTo ?? new URL(request.url, 'http://path.invalid').searchParams.get('returnTo');
    const returnTo = asked === null || asked === undefined ? undefined : safeReturnTo(asked, '');
    return signInFailureRedirect(request, this.setup.failureRedirect, error, {
      provider: context.provider,
      returnTo: returnTo || undefined,
    });
  }

  /** How to answer `error` (status, headers, cookies, code, message); see `ErrorAnswer`. */
  errorAnswer(error: unknown): ErrorAnswer {
    return errorAnswer(error);
  }

  /**
   * Closes, once each, the stores of the options (`store`, `throttle.store`) that hold a connection and
   * let it go with `close()` (a `RedisStore`): it would otherwise keep the process alive.
   */
  async close(): Promise<void> {
    const { store, throttle } = this.setup.options;
    const stores = new Set([store, ...(throttle ? [throttle.store] : [])]);
    await Promise.all([...stores].map((closable) => (closable as { close?: () => unknown }).close?.()));
  }

  toJSON(): Record<string, unknown> {
    return { type: 'IlsAuthEngine', providers: this.setup.order };
  }

  [inspect.custom](): string {
    return `IlsAuthEngine { providers: ${JSON.stringify(this.setup.order)} }`;
  }
}
