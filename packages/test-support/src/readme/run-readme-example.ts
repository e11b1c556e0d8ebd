import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { readmeExample } from './readme-examples.js';

const run = promisify(execFile);

export interface ReadmeRunOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Writes the example named `name` of `packageDir`'s README into that folder, so that the package's own
 * name resolves to its build (self-reference) as it would for a user; `packageDir` ends with a slash.
 */
export async function writeReadmeExample(packageDir: string, name: string): Promise<string> {
  const code = readmeExample(await readFile(`${packageDir}README.md`, 'utf8'), name);
  const file = `${packageDir}.readme-example-${name}-${process.pid}-${Date.now()}.mjs`;
  await writeFile(file, code);
  return file;
}

/** Runs a README example to its end with node and answers what it printed; a non-zero exit throws. */
export async function runReadmeExample(
  packageDir: string,
  name: string,
  options: ReadmeRunOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const file = await writeReadmeExample(packageDir, name);
  try {
    return await run(process.execPath, [file], {
      timeout: options.timeoutMs ?? 15_000,
      env: { ...process.env, ...options.env },
    });
  } finally {
    await rm(file, { force: true });
  }
}
