import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { PackedPackage } from '@ils-auth/test-support';
import { workspaceRange } from './published-packages.js';

const run = promisify(execFile);

/**
 * What a user installs from the registry next to our packages to run every README example: the frameworks
 * they plug into, TypeScript and the types the examples' imports need.
 */
export const REGISTRY_PACKAGES = [
  'express',
  'express-session',
  'passport',
  'oidc-provider',
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace-base',
  'ioredis',
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  'reflect-metadata',
  'rxjs',
  // The README's NestJS vitest test runs in this project too, compiled by SWC as the README says.
  '@nestjs/testing',
  'vitest',
  'unplugin-swc',
  '@swc/core',
  'typescript',
  '@types/node',
  '@types/express',
  '@types/express-session',
  '@types/passport',
  '@types/oidc-provider',
] as const;

/**
 * TypeScript as strict as a careful user sets it. Examples are `.mts`/`.cts` (TypeScript) or `.mjs`/`.cjs`
 * (JavaScript, checked with `checkJs`); `skipLibCheck` is off so our published declarations are checked too.
 */
export const EXAMPLES_TSCONFIG = {
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    target: 'ES2022',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    allowJs: true,
    checkJs: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: false,
    rootDir: 'examples',
    outDir: 'dist',
  },
  include: ['examples'],
};

/** npm's environment without what `pnpm run` added for itself (its user agent, lifecycle and config). */
function npmEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const keep = !/^npm_/i.test(key) || /^npm_config_(registry|cache)$/i.test(key);
    if (keep && !/^pnpm_/i.test(key)) env[key] = value;
  }
  return env;
}

/**
 * A new npm project in `dir` (outside the workspace: nothing resolves to the repository), with the tarballs
 * and the registry packages installed by one `npm install`.
 */
export async function createFreshProject(dir: string, packed: readonly PackedPackage[]): Promise<void> {
  await mkdir(`${dir}/examples`, { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const pkg of packed) dependencies[pkg.name] = `file:${pkg.tarball}`;
  for (const name of REGISTRY_PACKAGES) dependencies[name] = await workspaceRange(name);
  // An ES module project, as the README's vitest test expects; the examples name their module kind by extension.
  const manifest = {
    name: 'ils-auth-fresh-project',
    private: true,
    version: '1.0.0',
    type: 'module',
    dependencies,
  };
  await writeFile(`${dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(`${dir}/tsconfig.json`, `${JSON.stringify(EXAMPLES_TSCONFIG, null, 2)}\n`);
  await npmInstall(dir);
}

/** `npm install` of the project in `dir`, as a user runs it (npm's cache makes a second run quick). */
export async function npmInstall(dir: string): Promise<void> {
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    env: npmEnvironment(),
    timeout: 15 * 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}
