/** Where a command writes and what it reads from its environment; `bin.ts` passes the process's own. */
export interface CliIo {
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string | Uint8Array): unknown };
  env: Readonly<Record<string, string | undefined>>;
  /** What the command may read a secret from (`login`'s PIN); the process's own stdin for the binary. */
  stdin?: AsyncIterable<string | Uint8Array>;
  /**
   * Ends long-running commands (`emulator`) when aborted. Without it they stop on SIGINT or SIGTERM,
   * which is what the binary wants; programs embedding `main` pass their own.
   */
  signal?: AbortSignal;
}
