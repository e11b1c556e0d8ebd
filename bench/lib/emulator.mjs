import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./emulator-process.mjs', import.meta.url));
const SIP2_SCRIPT = fileURLToPath(new URL('./sip2-emulator-process.mjs', import.meta.url));

/** Starts a Sierra emulator in a child process; `call(command, arg)` drives its controls. */
export function startSierraProcess(options = {}) {
  return startEmulatorProcess(SCRIPT, options);
}

/** Starts the SIP2 emulator in a child process; `call(command, arg)` drives its controls. */
export function startSip2Process(options = {}) {
  return startEmulatorProcess(SIP2_SCRIPT, options);
}

async function startEmulatorProcess(script, options) {
  const child = fork(script, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 1;
  child.on('message', ({ id, result, error }) => {
    const waiter = pending.get(id);
    pending.delete(id);
    if (error) waiter?.reject(new Error(error));
    else waiter?.resolve(result);
  });
  const info = await new Promise((resolve, reject) => {
    pending.set(0, { resolve, reject });
    child.once('exit', (code) => reject(new Error(`emulator process exited (${code})`)));
  });
  const call = (command, arg) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, command, arg });
    });
  return {
    ...info,
    call,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call('close').catch(() => {});
      await exited;
    },
  };
}
