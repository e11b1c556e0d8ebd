import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

// How Node loads the installed packages, as `require` and as `import`, outside any test runner.
const { projectDir } = inject('packaging');

const node = async (args: readonly string[]) => {
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: projectDir, timeout: 30_000 });
  return stdout.trim();
};

const ENTRIES = [
  '@ils-auth/core',
  '@ils-auth/core/web',
  '@ils-auth/core/extend',
  '@ils-auth/express',
  '@ils-auth/passport',
  '@ils-auth/nestjs',
  '@ils-auth/nestjs/testing',
  '@ils-auth/redis',
];

it('the CommonJS builds load neither jose nor OpenTelemetry until a feature needs them', async () => {
  // jose (an ES module) is imported on the first OpenID Connect sign-in; @opentelemetry/api only by core/otel.
  const script = `for (const entry of ${JSON.stringify(ENTRIES)}) require(entry);
const optional = ['/node_modules/jose/', '/node_modules/@opentelemetry/api/'];
console.log(optional.map((dir) => Object.keys(require.cache).some((file) => file.includes(dir))).join(' '));`;
  expect(await node(['--input-type=commonjs', '-e', script])).toBe('false false');
});

describe('IlsAuthError keeps its name in every build', () => {
  const show = 'JSON.stringify([String(error), error.name, error.constructor.name])';
  const expected = JSON.stringify(['IlsAuthError: too slow', 'IlsAuthError', 'IlsAuthError']);

  it('ESM', async () => {
    const script = `import { IlsAuthError } from '@ils-auth/core';
const error = new IlsAuthError('timeout', 'too slow');
console.log(${show});`;
    expect(await node(['--input-type=module', '-e', script])).toBe(expected);
  });

  it('CommonJS, and when Node prints it uncaught', async () => {
    const script = `const { IlsAuthError } = require('@ils-auth/core');
const error = new IlsAuthError('timeout', 'too slow');
console.log(${show});`;
    expect(await node(['--input-type=commonjs', '-e', script])).toBe(expected);
    const uncaught = await promisify(execFile)(
      process.execPath,
      ['-e', "throw new (require('@ils-auth/core').IlsAuthError)('timeout', 'too slow')"],
      { cwd: projectDir },
    ).catch((failure: { stderr: string }) => failure);
    expect(uncaught.stderr).toContain('IlsAuthError: too slow');
    expect(uncaught.stderr).not.toContain('_IlsAuthError');
  });
});
