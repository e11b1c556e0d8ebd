import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { readmeBlock } from '@ils-auth/test-support';
import { expect, inject, it } from 'vitest';
import { writeAccountController } from './account-controller.js';

// The README's NestJS vitest test, run by vitest in the fresh ES module project (packages from the tarballs).
const { projectDir } = inject('packaging');

const VITEST_CONFIG = `import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({ plugins: [swc.vite()], test: { include: ['test/**/*.test.ts'] } });
`;

it("the README's NestJS vitest test passes in an ESM project", async () => {
  const readme = await readFile(`${projectDir}/node_modules/@ils-auth/nestjs/README.md`, 'utf8');
  await writeAccountController(projectDir);
  await mkdir(`${projectDir}/test`, { recursive: true });
  await writeFile(`${projectDir}/test/account.test.ts`, readmeBlock(readme, 'readme-vitest'));
  // What the README asks for: SWC keeps the decorator metadata (vitest's own transform refuses decorators).
  await writeFile(`${projectDir}/vitest.config.ts`, VITEST_CONFIG);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', 'test/account.test.ts'],
    {
      cwd: projectDir,
      timeout: 120_000,
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
    },
  ).catch((failure: { stdout?: string; stderr?: string }) => ({
    stdout: `${failure.stdout ?? ''}${failure.stderr ?? ''}`,
  }));
  expect(stdout).toMatch(/Tests\s+1 passed \(1\)/);
});
