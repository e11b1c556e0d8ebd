/**
 * The `done` of a verify callback, as in every Passport strategy: `done(null, user, info)` signs the patron
 * in, `done(null, false, { message })` refuses them, `done(err)` is an error.
 */
export type VerifyCallback = (error: unknown, user?: unknown, info?: unknown) => void;

/** What a promise-returning verify resolves with: the user, or `false`/`null`/`undefined` to refuse. */
export type VerifyResult = unknown;

export interface VerifyOutcome {
  error?: unknown;
  user?: unknown;
  info?: unknown;
}

/**
 * Calls a verify callback in the form it was written in, and settles once.
 *
 * Passport strategies choose the arguments by the function's declared length (`passport-oauth2`: 5 means
 * `params` is wanted). An `async` function has no `done`, so it declares one parameter fewer for the same
 * form; it is recognised by its constructor. A plain function that returns a promise settles with the
 * promise unless it declared `done` and the promise resolved with `undefined` (it will call `done`).
 */
export function callVerify(
  verify: (...args: never[]) => unknown,
  forms: { short: readonly unknown[]; long: readonly unknown[] },
  settle: (outcome: VerifyOutcome) => void,
): void {
  const isAsync = verify.constructor?.name === 'AsyncFunction';
  const declared = verify.length;
  const useLong = isAsync ? declared >= forms.long.length : declared > forms.long.length;
  const args = useLong ? forms.long : forms.short;
  const declaresDone = declared > args.length;

  let settled = false;
  const once = (outcome: VerifyOutcome) => {
    if (settled) return;
    settled = true;
    settle(outcome);
  };
  const done: VerifyCallback = (error, user, info) => once(error ? { error } : { user, info });

  let returned: unknown;
  try {
    returned = (verify as (...args: unknown[]) => unknown)(...args, done);
  } catch (error) {
    once({ error });
    return;
  }
  if (isThenable(returned)) {
    returned.then(
      (user) => {
        if (user === undefined && declaresDone) return;
        once({ user });
      },
      (error: unknown) => once({ error: error ?? new Error('the verify callback rejected') }),
    );
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
