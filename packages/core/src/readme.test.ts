import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('has an example that runs as written', async () => {
    const readme = await readFile(`${packageDir}README.md`, 'utf8');
    const example = /<!-- readme-example -->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeTruthy();
    // Inside the package, so that `@ils-auth/core` resolves to this package's build (self-reference).
    const file = `${packageDir}.readme-example-${process.pid}-${Date.now()}.mjs`;
    await writeFile(file, example!);
    try {
      const { stdout } = await run(process.execPath, [file], { timeout: 15_000 });
      expect(stdout).toContain('after restart: 200');
      expect(stdout).toContain('signed in:');
      expect(stdout).not.toContain('1234');
    } finally {
      await rm(file, { force: true });
    }
  });
});
