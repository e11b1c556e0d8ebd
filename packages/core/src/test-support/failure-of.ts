/** What a promise rejected with, or undefined when it resolved: for asserting on typed errors. */
export function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}
