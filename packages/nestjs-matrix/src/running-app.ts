import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Platform } from './cells.js';

export type ModuleSystem = 'esm' | 'commonjs';

/** What the app prints once it listens. */
export interface Ready {
  url: string;
  moduleSystem: ModuleSystem;
  /** The session cookie `signInPatron()` from `@ils-auth/nestjs/testing` gave the app at start. */
  testingCookie: string;
}

export interface RunningApp extends Ready {
  /** SIGTERM, as a process manager stops an app: `ended` once it did, `hung` when it had to be killed. */
  stop(): Promise<'ended' | 'hung'>;
}

const STARTUP_MS = 30_000;

/** Starts the compiled app of one cell and waits for its ready line (or its failure). */
export async function startApp(
  dir: string,
  moduleSystem: ModuleSystem,
  platform: Platform,
  emulators: object,
): Promise<RunningApp> {
  const entry = moduleSystem === 'esm' ? 'dist/main.mjs' : 'dist/main.cjs';
  const child = spawn(process.execPath, [entry], {
    cwd: dir,
    env: { ...process.env, MATRIX_PLATFORM: platform, MATRIX_EMULATORS: JSON.stringify(emulators) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no ready line within ${STARTUP_MS} ms`), STARTUP_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${entry} on ${platform}: ${why}\n${stderr}`));
    };
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as Ready);
    });
    child.once('exit', (code) => fail(`exited (${code})`));
  });
  return { ...ready, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<'ended' | 'hung'> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve('ended');
  return new Promise((resolve) => {
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(hung ? 'hung' : 'ended');
    });
    child.kill('SIGTERM');
  });
}
