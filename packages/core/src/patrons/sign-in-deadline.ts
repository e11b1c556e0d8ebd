import { IlsAuthError } from '../errors/ils-auth-error.js';

/**
 * The budget of one sign-in, as its requests see it: `signal` aborts once the budget is spent. The signal
 * is made when first read: a sign-in whose check cancels nothing (SIP2's own connection has its own
 * timeouts) would otherwise pay for an `AbortController` it never uses, which costs more than the rest of
 * the deadline's bookkeeping. Read after the budget is spent, it is already aborted.
 */
export class SignInDeadline {
  #controller: AbortController | undefined;
  #expired = false;

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#expired) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  get expired(): boolean {
    return this.#expired;
  }

  expire(): void {
    this.#expired = true;
    this.#controller?.abort();
  }
}

/**
 * One budget for everything a sign-in waits on (metadata, keys, token, PIN check, app token, profile):
 * each request has its own timeout, but a sign-in of five requests would otherwise wait five of them.
 * `work` gets the deadline, whose signal aborts when the budget is spent, for the requests it can cancel;
 * requests shared with other callers (the app token, the issuer's metadata) are not cancelled, only no
 * longer waited for. A sign-in that completes after its caller was told `timeout` is handed to `abandon`,
 * so no session is left behind that nobody holds.
 */
export function withinSignInDeadline<T>(
  timeoutMs: number,
  provider: string,
  work: (deadline: SignInDeadline) => Promise<T>,
  abandon: (late: T) => Promise<void>,
): Promise<T> {
  const deadline = new SignInDeadline();
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      deadline.expire();
      reject(
        new IlsAuthError('timeout', `the sign-in with ${provider} did not complete within ${timeoutMs} ms`, {
          provider,
          retryable: true,
        }),
      );
    }, timeoutMs);
    // A `work` that throws before it returns its promise fails the sign-in as a rejection would.
    let working: Promise<T>;
    try {
      working = work(deadline);
    } catch (error) {
      clearTimeout(timer);
      reject(error);
      return;
    }
    working.then(
      (result) => {
        clearTimeout(timer);
        // Ours to clean up: the caller has its answer, and whatever `work` made later is nobody's.
        if (deadline.expired) abandon(result).catch(() => undefined);
        else resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
