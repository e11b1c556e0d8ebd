import type { SignInCallbackResult } from '@ils-auth/core/web';
import { invalidOption, refuseUnknownOptions } from '@ils-auth/core/web';
import type { IlsAuthRequest } from './http-types.js';
import type { Patron } from './patron.js';

/** What the `signIn` callback is told: the patron who just proved who they are, before any cookie is set. */
export interface SignInCallbackMessage {
  /** The patron, without `user` yet: the callback decides it. */
  patron: Patron;
  /** The provider's name in `IlsAuthModule.forRoot({ providers })`. */
  provider: string;
  req: IlsAuthRequest;
}

export interface IlsAuthCallbacks {
  /**
   * Runs after the provider accepted the patron and before the session starts. Return `true` to let them
   * in, `false` to refuse (`403 access_denied`), a path to send them there (`req.authInfo.returnTo`),
   * `{ user, redirectTo }` to let them in as your application's user (kept with the session:
   * `@Patron('user')`), or `{ error: 'card_expired', message }` to refuse them with your reason. Throwing
   * refuses them too, as a server error.
   */
  signIn?(message: SignInCallbackMessage): SignInCallbackResult | Promise<SignInCallbackResult>;
}

export interface SignInEventMessage {
  /** The patron signed in, with the `user` the callback mapped them to. */
  patron: Patron;
  provider: string;
  req: IlsAuthRequest;
}

export interface SignOutEventMessage {
  /** The patron whose session ended. */
  patron: Patron;
  provider: string;
  /** True for "log out everywhere": the patron's sessions in other browsers ended too. */
  everywhere: boolean;
  req: IlsAuthRequest;
}

/** Told after the fact, for audit logs and side effects; an event that throws is reported, not answered. */
export interface IlsAuthEvents {
  signIn?(message: SignInEventMessage): unknown;
  signOut?(message: SignOutEventMessage): unknown;
  /** Where an event's error goes. Default: one line through Nest's `Logger` (context `IlsAuth`). */
  error?(error: unknown): void;
}

const HOOKS = { callbacks: ['signIn'], events: ['signIn', 'signOut', 'error'] } as const;

/** `callbacks` or `events`: an object of functions with no other key (a misspelt `signin` is not ignored). */
export function checkHooks<T extends object>(
  owner: string,
  option: keyof typeof HOOKS,
  value: T | undefined,
): T {
  if (value === undefined) return {} as T;
  const names = HOOKS[option];
  if (typeof value !== 'object' || value === null)
    throw invalidOption(owner, option, `must be an object of functions (${names.join(', ')})`);
  refuseUnknownOptions(owner, value, names, `${option}.`);
  for (const [name, hook] of Object.entries(value))
    if (hook !== undefined && typeof hook !== 'function')
      throw invalidOption(owner, `${option}.${name}`, 'must be a function');
  return value;
}
