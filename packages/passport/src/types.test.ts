import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

// Written into the package so that `@ils-auth/passport` resolves to dist/ (its ESM and CJS declarations).
const fixtureParent = fileURLToPath(new URL('..', import.meta.url));
let fixture = '';
afterAll(() => (fixture ? rm(fixture, { recursive: true, force: true }) : undefined));

test('passport.use(new ReroStrategy(…)) compiles under exactOptionalPropertyTypes, from ESM and CJS', async () => {
  fixture = await mkdtemp(`${fixtureParent}.types-fixture-`);
  const options = `{ baseUrl: 'https://rero.example', clientId: 'a', clientSecret: 'b', callbackURL: '/callback', secret: 'a-secret-of-at-least-32-characters' }`;
  await writeFile(
    `${fixture}/tsconfig.json`,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: true,
        module: 'nodenext',
        target: 'es2022',
        noEmit: true,
        types: ['node'],
      },
      files: ['app.mts', 'app.cts'],
    }),
  );
  await writeFile(
    `${fixture}/app.mts`,
    `import passport from 'passport';
import { ReroStrategy, SierraPinStrategy } from '@ils-auth/passport';
passport.use(new ReroStrategy(${options}, (_access, _refresh, profile, done) => done(null, { id: profile.id })));
passport.use(new SierraPinStrategy({ baseUrl: 'https://sierra.example', clientId: 'a', clientSecret: 'b', secret: 'a-secret-of-at-least-32-characters' }, async (profile) => profile));
`,
  );
  await writeFile(
    `${fixture}/app.cts`,
    `import passport = require('passport');
import strategies = require('@ils-auth/passport');
passport.use(new strategies.ReroStrategy(${options}, async (_access, _refresh, profile) => profile));
`,
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = await promisify(execFile)(process.execPath, [tsc, '-p', fixture]).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  expect(result).toBe('');
}, 60_000);
