import { fileURLToPath } from 'node:url';
import { readmeExampleName, runReadmeExample } from '@ils-auth/test-support';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the README's example marked `<!-- marker -->` as a script and returns what it printed. */
async function runExample(marker: string): Promise<string> {
  return (await runReadmeExample(packageDir, readmeExampleName(marker))).stdout;
}

describe('README', () => {
  it('has an example that runs as written', async () => {
    const stdout = await runExample('readme-example');
    expect(stdout).toContain('after restart: 200');
    expect(stdout).toContain('signed in:');
    expect(stdout).not.toContain('1234');
  });

  it('has a Koha example that runs as written', async () => {
    const printed = await runExample('readme-example:koha');
    expect(printed).toContain('koha patron: Ada Lovelace');
    expect(printed).toContain('signed in: 51 Lovelace, Ada home library CPL');
    expect(printed).toContain('wrong password: invalid_credentials');
    expect(printed).not.toContain('Analytical-1843');
  });

  it('has a SIP2 example that runs as written', async () => {
    const stdout = await runExample('readme-example:sip2');
    expect(stdout).toContain('signed in: Ada Lovelace card valid until 2099-12-31');
    expect(stdout).toContain('refused: access_denied card_lost');
    expect(stdout).not.toContain('1357');
  });

  it('has an example for FOLIO, Polaris, Symphony, Alma and Evergreen that runs as written', async () => {
    const stdout = await runExample('readme-example:five');
    for (const line of [
      'FOLIO: a7b2c3d4-1111-4a5b-9c8d-000000000001 Reader, Rita; wrong PIN: invalid_credentials',
      'Polaris: 1255101 ',
      'Symphony: 301001 ',
      'Alma: rita.reader Reader, Rita; wrong PIN: invalid_credentials',
      'Evergreen: 101 ',
      'FOLIO users: 1',
      'Polaris search: 1',
      'Evergreen fines: 42.50',
      'Alma passwords in URLs: 0',
    ])
      expect(stdout).toContain(line);
    expect(stdout.match(/wrong PIN: invalid_credentials/g)).toHaveLength(5);
    for (const pin of ['rita-pw-1', 'rita-Pass-1', 'rita-pin-1']) expect(stdout).not.toContain(pin);
  });

  it('has an OpenID Connect example that runs as written, revoking the tokens at logout', async () => {
    const stdout = await runExample('readme-example:openid');
    expect(stdout).toContain('signed in: patron-7 Ada Reader');
    expect(stdout).toContain('access token after logout: 401');
  });

  it('has an OpenTelemetry example that runs as written', async () => {
    const stdout = await runExample('readme-example:otel');
    expect(stdout).toContain('span: ils_auth.token_request');
    expect(stdout).toContain('span: GET 200');
  });

  it('has an events, backoff and health example that runs as written', async () => {
    const stdout = await runExample('readme-example:events');
    expect(stdout).toContain('failed: 100');
    expect(stdout).toContain('fail fast: provider_unavailable retry after 1 s');
    expect(stdout).toContain('token requests: 1');
    expect(stdout).toContain('healthy: false backing off: true');
    expect(stdout).toContain('after the outage: 200');
    expect(stdout).toContain('healthy: true store: memory');
    expect(stdout).toContain('1 failed, 1 refreshed');
  });
});
