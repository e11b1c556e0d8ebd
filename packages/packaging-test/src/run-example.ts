import { spawn } from 'node:child_process';

export interface ExampleRun {
  /** Everything the example printed so far, stdout and stderr together, without colour codes. */
  output(): string;
  /** Ends the example (servers never end by themselves) and waits for its exit. */
  stop(): Promise<void>;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function start(file: string, cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [file], {
    cwd,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners: (() => void)[] = [];
  const append = (chunk: Buffer) => {
    output += chunk.toString().replace(ANSI, '');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run: ExampleRun = {
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
  return { run, exited, onOutput: (listener: () => void) => listeners.push(listener) };
}

/** Runs a program example to its end: it must exit 0 within `timeoutMs`. */
export async function runToEnd(
  file: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<string> {
  const { run, exited } = start(file, cwd, env);
  const timer = setTimeout(() => void run.stop(), timeoutMs);
  const code = await exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${file} exited with ${code}:\n${run.output()}`);
  return run.output();
}

/** Starts a server example and resolves once it printed its address (the first URL that `ready` matches). */
export async function startServer(
  file: string,
  cwd: string,
  env: Record<string, string>,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<ExampleRun & { url: string }> {
  const { run, exited, onOutput } = start(file, cwd, env);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void run.stop().then(() => reject(new Error(`${file} ${why}:\n${run.output()}`)));
    };
    const timer = setTimeout(() => fail(`printed no address in ${timeoutMs} ms`), timeoutMs);
    onOutput(() => {
      const url = ready.exec(run.output())?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ ...run, url });
    });
    void exited.then((code) => fail(`exited with ${code} before it printed its address`));
  });
}
