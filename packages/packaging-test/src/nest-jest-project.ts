import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { PackedPackage } from '@ils-auth/test-support';
import { readmeBlock } from '@ils-auth/test-support';
import { writeAccountController } from './account-controller.js';
import { npmInstall } from './fresh-project.js';

const run = promisify(execFile);

export type NestPlatform = 'express' | 'fastify';

/** A fresh Nest 11 CommonJS project as `nest new` makes one, with Jest 29 + ts-jest, on one platform. */
export interface NestJestProject {
  dir: string;
  platform: NestPlatform;
}

const NEST = '^11.0.0';
const JEST = '^29.7.0';

/** What each platform's project installs from the registry besides our tarballs. */
const REGISTRY: Record<NestPlatform, Record<string, string>> = {
  express: {
    '@nestjs/platform-express': NEST,
    // Passport for @ils-auth/passport's peer.
    passport: '^0.7.0',
    // @ils-auth/express's declarations name Express's types, as a TypeScript Express app has them.
    '@types/express': '^5.0.0',
  },
  // Fastify only: no @nestjs/platform-express anywhere in the project.
  fastify: { '@nestjs/platform-fastify': NEST },
};

const COMMON = {
  '@nestjs/common': NEST,
  '@nestjs/core': NEST,
  '@nestjs/testing': NEST,
  'reflect-metadata': '^0.2.2',
  rxjs: '^7.8.2',
  jest: JEST,
  'ts-jest': '^29.4.0',
  // Jest's other transformer: the CommonJS load test, and `jose` transformed for OpenID Connect sign-ins.
  'babel-jest': JEST,
  '@babel/core': '^7.26.0',
  '@babel/preset-env': '^7.26.0',
  '@types/jest': '^29.5.0',
  typescript: '~5.9.3',
  '@types/node': '^20.19.0',
};

/** Our tarballs each project needs: the Express one also loads the Express and Passport adapters. */
const OURS: Record<NestPlatform, readonly string[]> = {
  express: [
    '@ils-auth/core',
    '@ils-auth/emulator',
    '@ils-auth/nestjs',
    '@ils-auth/express',
    '@ils-auth/passport',
  ],
  fastify: ['@ils-auth/core', '@ils-auth/emulator', '@ils-auth/nestjs'],
};

/**
 * The classic Nest tsconfig: `"module": "commonjs"` with no `moduleResolution`, i.e. TypeScript's node10
 * resolution, which reads `typesVersions` and not `exports`.
 */
const CLASSIC_TSCONFIG = {
  compilerOptions: {
    module: 'commonjs',
    declaration: true,
    removeComments: true,
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    target: 'ES2023',
    sourceMap: true,
    outDir: './dist',
    baseUrl: './',
    skipLibCheck: true,
    strict: true,
    types: ['jest', 'node'],
  },
  include: ['src', 'test'],
};

/** Nest's `test/jest-e2e.json`, as `nest new` writes it. */
const JEST_E2E = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: '.e2e-spec.ts$',
  transform: { '^.+\\.(t|j)s$': 'ts-jest' },
};

/** This package's Jest tests, copied into the projects. */
const FIXTURES = fileURLToPath(new URL('../fixtures/nest-jest/', import.meta.url));

/** babel-jest's configuration for the CommonJS load test. */
const JEST_BABEL = {
  rootDir: '.',
  roots: ['<rootDir>/test-babel'],
  testEnvironment: 'node',
  transform: { '^.+\\.js$': 'babel-jest' },
};

/**
 * The README's Jest e2e test for a platform: as written for Express; for Fastify with the README's own
 * Fastify lines (the adapter's import on top, its `createNestApplication()` line in place of the other).
 */
export function readmeJestTest(readme: string, platform: NestPlatform): string {
  const test = readmeBlock(readme, 'readme-jest');
  if (platform === 'express') return test;
  const [importLine, createLine] = readmeBlock(readme, 'readme-jest-fastify').trimEnd().split('\n');
  const expressCreate = /^ *app = moduleRef\.createNestApplication\(\);$/m;
  if (!importLine || !createLine || !expressCreate.test(test)) {
    throw new Error("the README's Fastify lines no longer fit its Jest test");
  }
  return `${importLine}\n${test.replace(expressCreate, createLine)}`;
}

/** Installs a Nest 11 CommonJS project for `platform` in `dir` and writes the README's test into it. */
export async function createNestJestProject(
  dir: string,
  platform: NestPlatform,
  packed: readonly PackedPackage[],
): Promise<NestJestProject> {
  await mkdir(`${dir}/src`, { recursive: true });
  await mkdir(`${dir}/test`, { recursive: true });
  const dependencies: Record<string, string> = { ...COMMON, ...REGISTRY[platform] };
  for (const name of OURS[platform]) {
    const tarball = packed.find((pkg) => pkg.name === name)?.tarball;
    if (!tarball) throw new Error(`no tarball for ${name}`);
    dependencies[name] = `file:${tarball}`;
  }
  const manifest = {
    name: `ils-auth-nest11-${platform}-jest`,
    private: true,
    version: '1.0.0',
    dependencies,
  };
  await writeFile(`${dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(`${dir}/tsconfig.json`, `${JSON.stringify(CLASSIC_TSCONFIG, null, 2)}\n`);
  await writeFile(`${dir}/test/jest-e2e.json`, `${JSON.stringify(JEST_E2E, null, 2)}\n`);
  await writeAccountController(dir);
  // The ts-jest load test imports the Express and Passport adapters, which only the Express project has.
  if (platform === 'express')
    await copyFile(`${FIXTURES}packages.e2e-spec.ts`, `${dir}/test/packages.e2e-spec.ts`);
  await copyFile(`${FIXTURES}oidc.e2e-spec.ts`, `${dir}/test/oidc.e2e-spec.ts`);
  await mkdir(`${dir}/test-babel`);
  await copyFile(`${FIXTURES}packages.test.js`, `${dir}/test-babel/packages.test.js`);
  await writeFile(`${dir}/jest-babel.json`, `${JSON.stringify(JEST_BABEL, null, 2)}\n`);
  const babel = { presets: [['@babel/preset-env', { targets: { node: 'current' } }]] };
  await writeFile(`${dir}/babel.config.json`, `${JSON.stringify(babel, null, 2)}\n`);
  await npmInstall(dir);
  const readme = await readFile(`${dir}/node_modules/@ils-auth/nestjs/README.md`, 'utf8');
  await writeFile(`${dir}/test/account.e2e-spec.ts`, readmeJestTest(readme, platform));
  // The README's Jest configuration for OpenID Connect sign-ins (jose transformed), as written.
  await writeFile(`${dir}/test/jest-oidc.json`, readmeBlock(readme, 'readme-jest-oidc'));
  return { dir, platform };
}

/** What a command printed, and its exit code (0 when it succeeded). */
export interface CommandResult {
  code: number;
  output: string;
}

/**
 * Runs a Node script of the project (tsc, jest) to its end, within `timeoutMs` (then it is killed), with
 * `env` added to the environment.
 */
export async function runInProject(
  dir: string,
  script: string,
  args: readonly string[],
  timeoutMs = 180_000,
  env: Record<string, string> = {},
): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      cwd: dir,
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, CI: 'true', NODE_ENV: 'test', ...env },
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string; killed?: boolean };
    const why = failure.killed ? `killed after ${timeoutMs} ms\n` : '';
    return {
      code: failure.code ?? 1,
      output: `${why}${failure.stdout ?? ''}${failure.stderr ?? String(error)}`,
    };
  }
}
