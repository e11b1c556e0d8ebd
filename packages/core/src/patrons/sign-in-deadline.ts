import { IlsAuthError } from '../errors/ils-auth-error.js';

/**
 * One budget for everything a sign-in waits on (metadata, keys, token, PIN check, app token, profile):
 * each request has its own timeout, but a sign-in of five requests would otherwise wait five of them.
 * `work` gets a signal that aborts when the budget is spent, for the requests it can cancel; requests
 * shared with other callers (the app token, the issuer's metadata) are not cancelled, only no longer
 * waited for. A sign-in that completes after its caller was told `timeout` is handed to `abandon`, so no
 * session is left behind that nobody holds.
 */
export async function withinSignInDeadline<T>(
  timeoutMs: number,
  provider: string,
  work: (signal: AbortSignal) => Promise<T>,
  abandon: (late: T) => Promise<void>,
): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new IlsAuthError('timeout', `the sign-in with ${provider} did not complete within ${timeoutMs} ms`, {
          provider,
          retryable: true,
        }),
      );
      controller.abort();
    }, timeoutMs);
  });
  const working = work(controller.signal);
  try {
    return await Promise.race([working, expired]);
  } catch (error) {
    if (controller.signal.aborted) {
      // Ours to clean up: the caller has its answer, and whatever `work` does later is nobody's.
      working.then(abandon, () => undefined).catch(() => undefined);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
