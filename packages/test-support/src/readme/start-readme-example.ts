import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { writeReadmeExample } from './run-readme-example.js';

/** A README example that serves: where it listens, what it printed so far, and how to stop it. */
export interface RunningExample {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** What a server example prints once it listens, by default: its loopback origin. */
const LISTENING = /http:\/\/127\.0\.0\.1:\d+/;

export interface StartOptions {
  /** Added to the environment, after `PORT=0`. */
  env?: Record<string, string>;
  /** The line that says the example listens: its first group, or else the whole match, is the URL. */
  listening?: RegExp;
}

/**
 * Starts a README example that serves (on `PORT=0`) and answers once it has printed where it listens; an example that exits or prints nothing for 15 s fails the start.
 */
export async function startReadmeExample(
  packageDir: string,
  name: string,
  { env = {}, listening = LISTENING }: StartOptions = {},
): Promise<RunningExample> {
  const file = await writeReadmeExample(packageDir, name);
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    child.kill();
    await exited;
    await rm(file, { force: true });
  };
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`example ${name} printed no address:\n${output}`)),
        15_000,
      );
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const match = listening.exec(output);
        const origin = match?.[1] ?? match?.[0];
        if (origin) {
          clearTimeout(timer);
          resolve(origin);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`example ${name} exited with ${code}:\n${output}`));
      });
    });
    return { url, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
