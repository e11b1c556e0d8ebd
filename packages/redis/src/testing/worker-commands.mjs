// The child's half of TokenWorker's protocol, shared by every worker script: each message
// `{ id, type, ...args }` runs `handlers[type](args)` and is answered `{ id, result }` or `{ id, error }`
// (an error's code only, never its message); `{ id: 0 }` says the worker is ready.
export function answerCommands(handlers) {
  process.on('message', async ({ id, type, ...args }) => {
    try {
      process.send({ id, result: await handlers[type](args) });
    } catch (error) {
      process.send({ id, error: error?.code ?? error?.name ?? 'Error' });
    }
  });
  process.send({ id: 0, result: 'ready' });
}
