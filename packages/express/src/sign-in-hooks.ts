import type { SignInCallbackResult } from '@ils-auth/core/web';
import type { Request } from 'express';
import type { Patron } from './patron.js';

/** What the `signIn` callback is told: the patron who just proved who they are, before any cookie is set. */
export interface SignInCallbackMessage {
  /** The patron, without `user` yet: the callback decides it. */
  patron: Patron;
  /** The provider's name in `ilsAuth({ providers })`. */
  provider: string;
  req: Request;
}

export interface IlsAuthCallbacks<User = unknown> {
  /**
   * Runs after the provider accepted the patron and before the session starts (Auth.js's `signIn`). Return
   * `true` to let them in, `false` to refuse, a path to send them there, `{ user, redirectTo }` to let them
   * in as your application's user (kept with the session: `req.patron.user`), or `{ error: 'card_expired',
   * message }` to refuse them with your reason. Throwing refuses them too, as a server error.
   */
  signIn?(message: SignInCallbackMessage): SignInCallbackResult<User> | Promise<SignInCallbackResult<User>>;
}

export interface SignInEventMessage<User = unknown> {
  /** The patron signed in, with the `user` the callback mapped them to. */
  patron: Patron<User>;
  provider: string;
  req: Request;
}

export interface SignOutEventMessage<User = unknown> {
  /** The patron whose session ended. */
  patron: Patron<User>;
  provider: string;
  /** True for "log out everywhere": the patron's sessions in other browsers ended too. */
  everywhere: boolean;
  req: Request;
}

/**
 * Told after the fact, for audit logs and side effects; an event that throws is reported, not answered.
 * `User` is what the `signIn` callback maps patrons to, inferred by `ilsAuth()`.
 */
export interface IlsAuthEvents<User = unknown> {
  signIn?(message: SignInEventMessage<User>): unknown;
  signOut?(message: SignOutEventMessage<User>): unknown;
  /** Where an event's error goes. Default `console.error`. */
  error?(error: unknown): void;
}

export const HOOK_OPTION_NAMES = ['callbacks', 'events'] as const;
