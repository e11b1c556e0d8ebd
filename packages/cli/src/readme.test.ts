import { fileURLToPath } from 'node:url';
import { readmeExampleName, runReadmeExample } from '@ils-auth/test-support';
import { describe, expect, it } from 'vitest';
import { assertBuilt } from './testing/run-cli.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the README's example marked `<!-- marker -->` as a script and returns what it printed. */
function runExample(marker: string): Promise<{ stdout: string; stderr: string }> {
  return runReadmeExample(packageDir, readmeExampleName(marker));
}

describe('README', () => {
  it('has a doctor example that runs as written: all ok, then a failed token check', async () => {
    assertBuilt();
    const { stdout, stderr } = await runExample('readme-example:doctor');
    expect(stdout).toMatch(/^ok\s+scopes\s+granted: .*Patrons_Validate/m);
    expect(stdout).toContain('healthy, exit code: 0');
    expect(stdout).toMatch(/^fail\s+token\s+provider_unavailable/m);
    expect(stdout).toMatch(/^skip\s+patron-api\s+needs a token/m);
    expect(stdout).toContain('token endpoint down, exit code: 4');
    expect(stderr).toBe('doctor: 6 ok, 0 failed, 0 skipped\ndoctor: 1 ok, 1 failed, 4 skipped\n');
  });

  it('has a login example that runs as written: a SIP2 patron signed in, then a wrong PIN', async () => {
    assertBuilt();
    const { stdout, stderr } = await runExample('readme-example:login');
    expect(stdout).toMatch(/"name": "Ada Lovelace"/);
    expect(stdout).toContain('exit code: 0');
    expect(stdout).toContain('wrong PIN, exit code: 3');
    expect(stdout).not.toContain('4321');
    expect(stderr).toMatch(/^ils-auth: invalid_credentials: /m);
  });

  it('has an Alma example that runs as written: the key described, a patron signed in, then a wrong PIN', async () => {
    assertBuilt();
    const { stdout, stderr } = await runExample('readme-example:alma');
    expect(stdout).toContain('"credential":"static key"');
    expect(stdout).toContain('token, exit code: 0');
    expect(stdout).toMatch(/"name": "[^"]*Rita[^"]*"/);
    expect(stdout).toMatch(/^exit code: 0$/m);
    expect(stdout).toContain('wrong PIN, exit code: 3');
    expect(stdout).not.toContain('rita-Pass-1');
    expect(stderr).toMatch(/^ils-auth: invalid_credentials: /m);
  });
});
