import type { GrantContext } from '../grants/grant-context.js';
import type { Logger } from '../internal/logger.js';
import type { SignInDeadline } from './sign-in-deadline.js';

/** Every field of `T`, optional ones too: a field added to `GrantContext` must be carried here. */
type EveryField<T> = { [K in keyof Required<T>]: T[K] };

/**
 * The grant context of one sign-in: the auth's, with the signal of the sign-in's deadline, made only when
 * a request reads it. A class, where an object literal of a spread and a getter would do, because that
 * literal costs fifty times as much to make, on every sign-in. The signal is a getter of the class: pass
 * the object on as it is (a spread of it would leave the signal behind).
 */
export class SignInGrantContext implements EveryField<GrantContext> {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly now: GrantContext['now'];
  readonly userAgent: string;
  readonly logger: Logger | undefined;
  readonly #deadline: SignInDeadline;

  constructor(base: GrantContext, deadline: SignInDeadline) {
    this.fetch = base.fetch;
    this.timeoutMs = base.timeoutMs;
    this.maxBodyBytes = base.maxBodyBytes;
    this.now = base.now;
    this.userAgent = base.userAgent;
    this.logger = base.logger;
    this.#deadline = deadline;
  }

  get signal(): AbortSignal {
    return this.#deadline.signal;
  }
}
