import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./token-worker.mjs', import.meta.url));

/** Forks `count` token workers and waits until each is ready; `all(type, args)` asks every one at once. */
export async function startWorkers(count, config) {
  const workers = await Promise.all(
    Array.from({ length: count }, async () => {
      const child = fork(SCRIPT, [JSON.stringify(config)], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const pending = new Map();
      let nextId = 1;
      child.on('message', ({ id, result, error }) => {
        const waiter = pending.get(id);
        pending.delete(id);
        if (error) waiter?.reject(new Error(error));
        else waiter?.resolve(result);
      });
      await new Promise((resolve, reject) => {
        pending.set(0, { resolve, reject });
        child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
      });
      const ask = (type, args) =>
        new Promise((resolve, reject) => {
          const id = nextId++;
          pending.set(id, { resolve, reject });
          child.send({ id, type, args });
        });
      return { child, ask };
    }),
  );
  return {
    all: (type, args) => Promise.all(workers.map((w) => w.ask(type, args))),
    async stop() {
      await Promise.all(
        workers.map(async ({ child, ask }) => {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          await ask('exit').catch(() => {});
          await exited;
        }),
      );
    },
  };
}
