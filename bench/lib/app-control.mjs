/**
 * Answers the messages lib/app-process.mjs sends an app process: `cpu` (the process's CPU time so far, in
 * µs, so the benchmark can charge each round's requests with the app's own work) and `exit` (after
 * `close()`).
 */
export function answerAppProcess(close) {
  process.on('message', (message) => {
    if (message === 'exit') void close().then(() => process.exit(0));
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ cpuMicros: user + system });
    }
  });
}
