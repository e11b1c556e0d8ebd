// The IPC side of a test worker (see token-workers.ts): each message names a handler and gets one answer,
// `{ id, result }` or `{ id, error: code }`; `exit` closes the store, then the process.

/** Answers the test's messages with `handlers`, adding `exit`; announces itself ready. */
export function serveWorker(handlers, store) {
  const all = {
    ...handlers,
    async exit() {
      await store.close();
      setImmediate(() => process.exit(0));
      return {};
    },
  };
  process.on('message', async ({ id, type, ...args }) => {
    try {
      process.send({ id, result: await all[type](args) });
    } catch (error) {
      process.send({ id, error: error?.code ?? error?.name ?? 'Error' });
    }
  });
  process.send({ id: 0, result: 'ready' });
}
