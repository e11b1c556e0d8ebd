import { type ChildProcess, fork } from 'node:child_process';

/**
 * A separate Node process running a worker script that answers with `serveWorker()`; `ask` sends one
 * command and awaits its answer. The script gets `config` as JSON in `ILS_AUTH_TEST_WORKER`.
 */
export class IpcWorker {
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(readonly child: ChildProcess) {
    child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(`worker failed: ${message.error}`));
      else waiter?.resolve(message.result);
    });
    child.once('exit', (code) => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error(`worker exited (${code})`));
      this.#pending.clear();
    });
  }

  static async start(config: object, script: string): Promise<IpcWorker> {
    const child = fork(script, [], {
      env: { ...process.env, ILS_AUTH_TEST_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker = new IpcWorker(child);
    await new Promise<void>((resolve, reject) => {
      worker.#pending.set(0, { resolve: () => resolve(), reject });
    });
    return worker;
  }

  ask<T>(type: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, type, ...args });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.ask('exit').catch(() => {});
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }
}
