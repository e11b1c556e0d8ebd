import type { SignInCallbackResult } from '../sign-in-decision.js';
import { invalidOption, refuseUnknownOptions } from '../web-options.js';
import type { Patron } from './patron.js';

/**
 * What the `signIn` callback is told: the patron who just proved who they are, before any cookie is set.
 * `Req` is the framework's request (Express's `Request`, Nest's request).
 */
export interface SignInCallbackMessage<Req = unknown> {
  /** The patron, without `user` yet: the callback decides it. */
  patron: Patron;
  /** The provider's name in the `providers` option. */
  provider: string;
  req: Req;
}

export interface IlsAuthCallbacks<User = unknown, Req = unknown> {
  /**
   * Runs after the provider accepted the patron and before the session starts (Auth.js's `signIn`). Return
   * `true` to let them in, `false` to refuse (`403 access_denied`), a path to send them there, `{ user,
   * redirectTo }` to let them in as your application's user (kept with the session: `patron.user`), or
   * `{ error: 'card_expired', message }` to refuse them with your reason. Throwing refuses them too, as a
   * server error.
   */
  signIn?(
    message: SignInCallbackMessage<Req>,
  ): SignInCallbackResult<User> | Promise<SignInCallbackResult<User>>;
}

export interface SignInEventMessage<User = unknown, Req = unknown> {
  /** The patron signed in, with the `user` the callback mapped them to. */
  patron: Patron<User>;
  provider: string;
  req: Req;
}

export interface SignOutEventMessage<User = unknown, Req = unknown> {
  /** The patron whose session ended. */
  patron: Patron<User>;
  provider: string;
  /** True for "log out everywhere": the patron's sessions in other browsers ended too. */
  everywhere: boolean;
  req: Req;
}

/**
 * Told after the fact, for audit logs and side effects; an event that throws is reported, not answered.
 * `User` is what the `signIn` callback maps patrons to.
 */
export interface IlsAuthEvents<User = unknown, Req = unknown> {
  signIn?(message: SignInEventMessage<User, Req>): unknown;
  signOut?(message: SignOutEventMessage<User, Req>): unknown;
  /** Where an event's error goes. Default: the adapter's logger. */
  error?(error: unknown): void;
}

/** The hooks of a sign-in, checked: absent ones are empty objects. */
export interface SignInHooks<Req = unknown> {
  readonly callbacks: IlsAuthCallbacks<unknown, Req>;
  readonly events: IlsAuthEvents<unknown, Req>;
  /** `events.error`, else the adapter's default. */
  readonly eventError: (error: unknown) => void;
}

export const HOOK_OPTION_NAMES = ['callbacks', 'events'] as const;

/** Checks `callbacks` and `events`: objects of functions with no other key (a misspelt `signin` is refused). */
export function resolveSignInHooks<Req>(
  owner: string,
  options: { callbacks?: IlsAuthCallbacks<unknown, Req>; events?: IlsAuthEvents<unknown, Req> },
  defaultEventError: (error: unknown) => void,
): SignInHooks<Req> {
  const callbacks = functionsOf(owner, 'callbacks', options.callbacks, ['signIn']);
  const events = functionsOf(owner, 'events', options.events, ['signIn', 'signOut', 'error']);
  return {
    callbacks: callbacks as IlsAuthCallbacks<unknown, Req>,
    events: events as IlsAuthEvents<unknown, Req>,
    eventError: events.error ?? defaultEventError,
  };
}

function functionsOf<T extends object>(
  owner: string,
  option: string,
  value: T | undefined,
  names: readonly string[],
): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null)
    throw invalidOption(owner, option, `must be an object of functions (${names.join(', ')})`);
  refuseUnknownOptions(owner, value, names, `${option}.`);
  for (const [name, hook] of Object.entries(value))
    if (hook !== undefined && typeof hook !== 'function')
      throw invalidOption(owner, `${option}.${name}`, 'must be a function');
  return value;
}

/** Runs an event handler after the fact: it cannot change or fail the answer, its error is reported. */
export async function emitEvent<Message>(
  handler: ((message: Message) => unknown) | undefined,
  message: Message,
  onError: (error: unknown) => void,
): Promise<void> {
  if (!handler) return;
  try {
    await handler(message);
  } catch (error) {
    onError(error);
  }
}
