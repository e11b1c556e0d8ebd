// The child side of a process driven over IPC by the benchmarks (emulator-process.mjs, sip2-emulator-process.mjs):
// each message `{ id, command, arg }` runs `commands[command](arg)` and is answered `{ id, result }` or
// `{ id, error }`; message id 0 tells the parent the process is ready, with what it needs to know.
export function serveOverIpc(commands, ready) {
  process.on('message', async ({ id, command, arg }) => {
    try {
      process.send({ id, result: (await commands[command](arg)) ?? null });
    } catch (error) {
      process.send({ id, error: String(error?.message ?? error) });
    }
  });
  process.send({ id: 0, result: ready });
}
