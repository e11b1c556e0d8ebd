import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

/** The longest secret line read; a PIN or password is far shorter, and stdin may be a file of any size. */
const MAX_BYTES = 4096;

/**
 * The first line of `input` (without its line ending), or undefined when it is empty. Reads no further
 * than the first line break or `MAX_BYTES`, so a command does not wait for the end of a terminal's input.
 */
export async function readSecretLine(input: AsyncIterable<string | Uint8Array>): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    const end = buffer.indexOf(0x0a);
    chunks.push(end === -1 ? buffer : buffer.subarray(0, end));
    length += buffer.length;
    if (end !== -1 || length >= MAX_BYTES) break;
  }
  const line = Buffer.concat(chunks).subarray(0, MAX_BYTES).toString('utf8').replace(/\r$/, '');
  return line === '' ? undefined : line;
}

/** A patron's PIN: env `ILS_AUTH_PIN`, else the first line of stdin; never the command line. */
export async function readPin(io: CliIo, command: string): Promise<string> {
  const fromEnv = io.env.ILS_AUTH_PIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const line = io.stdin ? await readSecretLine(io.stdin) : undefined;
  if (line === undefined || line === '')
    throw new UsageError(`${command} needs the PIN: set env ILS_AUTH_PIN or write it on stdin`);
  return line;
}
