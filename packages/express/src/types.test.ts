import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The fixture lives in the package, so `@ils-auth/express` resolves to this build (dist/, ESM and CJS
// declarations), as it does for an application that installed it.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
  },
  include: ['*.mts', '*.cts'],
};

async function compile(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(`${packageDir}.types-fixture-`);
  made.push(dir);
  await writeFile(`${dir}/tsconfig.json`, JSON.stringify(TSCONFIG));
  for (const [name, text] of Object.entries(files)) await writeFile(`${dir}/${name}`, text);
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', dir]);
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe('types of an application (strict, exactOptionalPropertyTypes)', () => {
  it('req.patron is non-optional in a requirePatron handler; ESM and CommonJS files together compile (no TS2717)', async () => {
    const output = await compile({
      'portal.mts': `
        import express from 'express';
        import { ilsAuth, requirePatron, type Patron } from '@ils-auth/express';
        import { sierra } from '@ils-auth/core';
        const app = express();
        app.use(ilsAuth({ secret: 'x'.repeat(32), providers: { sierra: sierra({ baseUrl: 'https://x', clientId: 'a', clientSecret: 'b' }) } }));
        app.get('/account', requirePatron((req, res) => {
          const name: string | undefined = req.patron.profile?.name;
          const since: number = req.patron.signedInAt;
          res.json({ name, since, ebooks: req.patrons['ebooks']?.patronId, login: req.ils.loginUrl() });
        }));
        app.get('/ebooks', requirePatron({ provider: 'ebooks' }, (req, res) => {
          res.json(req.patrons['ebooks']?.user);
        }));
        app.get('/maybe', (req, res) => {
          const patron: Patron | undefined = req.patron;
          res.json(patron);
        });
      `,
      'legacy.cts': `
        import express = require('express');
        import ils = require('@ils-auth/express');
        const router = express.Router();
        router.get('/me', ils.requirePatron(), (req, res) => {
          res.json({ providers: req.ils?.providers, patron: req.patron?.provider });
        });
        export = router;
      `,
    });
    expect(output).toBe('');
  }, 60_000);

  it("events see patron.user as the signIn callback's user type, inferred by ilsAuth()", async () => {
    const app = (event: string) => `
      import { ilsAuth } from '@ils-auth/express';
      import { sierra } from '@ils-auth/core';
      ilsAuth({
        secret: 'x'.repeat(32),
        providers: { sierra: sierra({ baseUrl: 'https://x', clientId: 'a', clientSecret: 'b' }) },
        callbacks: {
          signIn({ patron }) {
            if (!patron.profile) return { error: 'no_profile', message: 'no profile' };
            return { user: { id: \`reader-\${patron.patronId}\`, role: 'reader' as const } };
          },
        },
        events: { ${event} },
      });
    `;
    const typed = await compile({
      'typed.mts': app(
        `signIn: ({ patron }) => { const role: 'reader' | undefined = patron.user?.role; return role; }`,
      ),
    });
    expect(typed).toBe('');
    const wrong = await compile({
      'wrong.mts': app(
        `signOut: ({ patron }) => { const id: number | undefined = patron.user?.id; return id; }`,
      ),
    });
    expect(wrong).toContain('TS2322');
  }, 60_000);

  it('the fixture can fail: a handler outside requirePatron must still check req.patron', async () => {
    const output = await compile({
      'unchecked.mts': `
        import express from 'express';
        import '@ils-auth/express';
        express().get('/', (req, res) => { res.json(req.patron.profile); });
      `,
    });
    expect(output).toContain('TS18048');
  }, 60_000);
});
