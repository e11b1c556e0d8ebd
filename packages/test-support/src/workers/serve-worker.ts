// The IPC side of a test worker (see ipc-worker.ts): each message names a handler and gets one answer,
// `{ id, result }` or `{ id, error: code }`; `exit` closes the store, then the process.

type Handler = (args: Record<string, unknown>) => unknown;

/** Answers the test's messages with `handlers`, adding `exit`; announces itself ready. */
export function serveWorker(handlers: Record<string, Handler>, store: { close(): Promise<void> }): void {
  const all: Record<string, Handler> = {
    ...handlers,
    async exit() {
      await store.close();
      setImmediate(() => process.exit(0));
      return {};
    },
  };
  process.on('message', async ({ id, type, ...args }: { id: number; type: string }) => {
    try {
      const handler = all[type];
      if (!handler) throw Object.assign(new Error(`no handler ${type}`), { code: 'unknown_command' });
      process.send?.({ id, result: await handler(args) });
    } catch (error) {
      const failure = error as { code?: string; name?: string } | undefined;
      process.send?.({ id, error: failure?.code ?? failure?.name ?? 'Error' });
    }
  });
  process.send?.({ id: 0, result: 'ready' });
}
