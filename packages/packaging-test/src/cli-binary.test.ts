import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { startSierra } from '@ils-auth/emulator';
import { expect, inject, it } from 'vitest';

const { projectDir } = inject('packaging');

// The `ils-auth` command as npm links it from the tarball (bin entry, shebang, executable bit), making the
// README's `ils-auth request sierra bibs/1000004 …` call against the emulator from the tarball too.
it('the installed ils-auth command makes an authorized call', async () => {
  const emulator = `${projectDir}/node_modules/@ils-auth/emulator/dist/index.js`;
  const { startSierra: start } = (await import(pathToFileURL(emulator).href)) as {
    startSierra: typeof startSierra;
  };
  const sierra = await start();
  try {
    const { stdout, stderr } = await promisify(execFile)(
      `${projectDir}/node_modules/.bin/ils-auth`,
      ['request', 'sierra', 'bibs/1000004', '--base-url', sierra.url],
      {
        env: {
          PATH: process.env.PATH,
          ILS_AUTH_CLIENT_ID: sierra.credentials.clientId,
          ILS_AUTH_CLIENT_SECRET: sierra.credentials.clientSecret,
        },
        timeout: 30_000,
      },
    );
    expect(stderr).toBe('HTTP 200 OK\n');
    expect(JSON.parse(stdout)).toMatchObject({ id: '1000004', title: 'The left hand of darkness' });
  } finally {
    await sierra.close();
  }
});
