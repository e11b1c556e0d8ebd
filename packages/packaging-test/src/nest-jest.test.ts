import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OidcServer, startOidcServer } from '@ils-auth/test-support/oidc';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createNestJestProject,
  type NestJestProject,
  type NestPlatform,
  runInProject,
} from './nest-jest-project.js';
import { type OidcBrowser, startOidcBrowser } from './oidc-browser.js';

// The README's NestJS Jest test as a Nest user runs it: fresh Nest 11 CommonJS projects with the classic
// `"module": "commonjs"` tsconfig, Jest 29 + ts-jest, our packages from the tarballs; one project on Express,
// one on Fastify alone.
const { packed } = inject('packaging');

const PLATFORMS: readonly NestPlatform[] = ['express', 'fastify'];
const TSC = 'node_modules/typescript/bin/tsc';
const JEST = 'node_modules/jest/bin/jest.js';

let root: string;
const projects = new Map<NestPlatform, NestJestProject>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ils-auth-nest-jest-'));
  // The installs wait on the network and the disk more than on the CPU: both at once.
  const made = await Promise.all(
    PLATFORMS.map((platform) => createNestJestProject(`${root}/${platform}`, platform, packed)),
  );
  for (const project of made) projects.set(project.platform, project);
}, 600_000);
afterAll(async () => {
  if (!process.env.ILS_AUTH_KEEP_PACKAGING_PROJECT) await rm(root, { recursive: true, force: true });
});

const projectOf = (platform: NestPlatform): NestJestProject => {
  const project = projects.get(platform);
  if (!project) throw new Error(`no ${platform} project`);
  return project;
};

/** Runs Jest in a project: it must pass exactly one test. */
async function passesOneTest(
  platform: NestPlatform,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<void> {
  const { code, output } = await runInProject(projectOf(platform).dir, JEST, [...args, '--ci'], 180_000, env);
  expect(output).toMatch(/Tests:\s+1 passed, 1 total/);
  // Nothing the test used (an emulator, a sign-in's timers) keeps Jest from ending.
  expect(output).not.toMatch(/did not exit|failed to exit gracefully|open handles?/i);
  expect(code).toBe(0);
}

describe.each(PLATFORMS)('a Nest 11 CommonJS project on %s', (platform) => {
  it('compiles with tsc ("module": "commonjs", node10 resolution)', async () => {
    const { dir } = projectOf(platform);
    const tsc = await runInProject(dir, TSC, ['-p', 'tsconfig.json', '--noEmit']);
    expect(tsc.output).toBe('');
    expect(tsc.code).toBe(0);
    // Our declarations too, each import of a subpath resolved under node10 (others' are not ours to fix).
    const libraries = await runInProject(dir, TSC, [
      '-p',
      'tsconfig.json',
      '--noEmit',
      '--skipLibCheck',
      'false',
    ]);
    const ours = libraries.output.split('\n').filter((line) => line.startsWith('node_modules/@ils-auth/'));
    expect(ours).toEqual([]);
  });

  it("passes the README's Jest e2e test (ts-jest)", () =>
    passesOneTest(platform, ['--config', 'test/jest-e2e.json', 'test/account.e2e-spec.ts']));
});

it('the Fastify project has no @nestjs/platform-express', () => {
  expect(existsSync(`${projectOf('fastify').dir}/node_modules/@nestjs/platform-express`)).toBe(false);
});

it("ends the README's Jest test promptly when its beforeAll fails half-way (the emulator is closed)", async () => {
  const { dir } = projectOf('fastify');
  const test = await readFile(`${dir}/test/account.e2e-spec.ts`, 'utf8');
  // A secret too short: the module refuses it after the emulator has started.
  const broken = test.replace(/secret: '[^']+'/, "secret: 'short'");
  expect(broken).not.toBe(test);
  await writeFile(`${dir}/test/broken.e2e-spec.ts`, broken);
  try {
    const started = Date.now();
    const { code, output } = await runInProject(
      dir,
      JEST,
      ['--config', 'test/jest-e2e.json', '--ci', 'test/broken'],
      60_000,
    );
    expect(output).toContain('option `secret` must be at least 32 characters');
    // The old afterAll read `app.close` of an app never made, and left the emulator open: Jest did not exit.
    expect(output).not.toMatch(/Cannot read properties of undefined|did not exit|killed after/);
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(60_000);
  } finally {
    await rm(`${dir}/test/broken.e2e-spec.ts`);
  }
});

describe('Jest loads every package in a CommonJS project', () => {
  it('through ts-jest', () =>
    passesOneTest('express', ['--config', 'test/jest-e2e.json', 'test/packages.e2e-spec.ts']));

  it.each(PLATFORMS)('through babel-jest (%s)', (platform) =>
    passesOneTest(platform, ['--config', 'jest-babel.json']),
  );
});

describe('an OpenID Connect sign-in under Jest (jose imported on first use)', () => {
  let server: OidcServer;
  let browser: OidcBrowser;
  beforeAll(async () => {
    server = await startOidcServer();
    browser = await startOidcBrowser(server.account.sub);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** What the project's OpenID Connect test needs to know, and what it must see happen. */
  const oidcEnv = (expected: 'signed-in' | 'jose-unavailable'): Record<string, string> => ({
    ILS_AUTH_OIDC_ISSUER: server.url,
    ILS_AUTH_OIDC_BROWSER: browser.url,
    ILS_AUTH_OIDC_CLIENT_ID: server.client.clientId,
    ILS_AUTH_OIDC_CLIENT_SECRET: server.client.clientSecret,
    ILS_AUTH_OIDC_REDIRECT_URI: server.client.redirectUri,
    ILS_AUTH_OIDC_PATRON: server.account.sub,
    ILS_AUTH_OIDC_EXPECT: expected,
  });

  it.each(PLATFORMS)("signs in with the README's Jest configuration for it (%s)", (platform) =>
    passesOneTest(platform, ['--config', 'test/jest-oidc.json', 'test/oidc'], oidcEnv('signed-in')),
  );

  it.each(PLATFORMS)(
    'without it, fails with a config_invalid naming transformIgnorePatterns, no patron signed in (%s)',
    (platform) =>
      passesOneTest(platform, ['--config', 'test/jest-e2e.json', 'test/oidc'], oidcEnv('jose-unavailable')),
  );
});
