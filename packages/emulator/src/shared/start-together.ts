interface Closable {
  close(): Promise<void>;
}

type Started<T extends Record<string, () => Promise<Closable>>> = {
  [K in keyof T]: Awaited<ReturnType<T[K]>>;
};

/**
 * Starts several emulators at once; if one cannot start, the others are closed again and the first
 * failure is thrown, so a failed start leaves no port open.
 */
export async function startTogether<T extends Record<string, () => Promise<Closable>>>(
  starters: T,
): Promise<Started<T>> {
  const names = Object.keys(starters);
  const results = await Promise.allSettled(
    names.map((name) => (starters[name] as () => Promise<Closable>)()),
  );
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(
      results.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
    );
    throw failed.reason;
  }
  return Object.fromEntries(
    names.map((name, index) => [name, (results[index] as PromiseFulfilledResult<Closable>).value]),
  ) as Started<T>;
}
