import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type NestMajor = 11 | 12;

/** A fresh npm project with one NestJS major, both platforms and the packed ils-auth tarballs. */
export interface NestProject {
  dir: string;
  major: NestMajor;
  /** The installed `@nestjs/core` version. */
  nestVersion: string;
}

const APP = fileURLToPath(new URL('../app/main.ts', import.meta.url));
const WORKSPACE_TYPES = fileURLToPath(new URL('../../../node_modules/@types', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * `npm install` from the registry (once per major: both platforms and module systems share it), then the
 * app as `src/main.mts` and `src/main.cts`, compiled by tsc as a default Nest project compiles
 * (decorators, metadata, `declaration: true`): a type the package does not export fails here.
 */
export async function createNestProject(
  root: string,
  major: NestMajor,
  tarballs: { core: string; nestjs: string },
): Promise<NestProject> {
  const dir = `${root}/nest${major}`;
  mkdirSync(`${dir}/src`, { recursive: true });
  const nest = `^${major}.0.0`;
  const manifest = {
    name: `ils-auth-nest${major}-app`,
    private: true,
    dependencies: {
      '@ils-auth/core': `file:${tarballs.core}`,
      '@ils-auth/nestjs': `file:${tarballs.nestjs}`,
      '@nestjs/common': nest,
      '@nestjs/core': nest,
      '@nestjs/platform-express': nest,
      '@nestjs/platform-fastify': nest,
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.2',
    },
  };
  writeFileSync(`${dir}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  // No --legacy-peer-deps: the package's peer ranges must accept this major as they are.
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    timeout: 480_000,
  });
  copyFileSync(APP, `${dir}/src/main.mts`);
  copyFileSync(APP, `${dir}/src/main.cts`);
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      declaration: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      skipLibCheck: true,
      outDir: 'dist',
      rootDir: 'src',
      typeRoots: [WORKSPACE_TYPES],
      types: ['node'],
    },
    include: ['src'],
  };
  writeFileSync(`${dir}/tsconfig.json`, `${JSON.stringify(tsconfig, null, 2)}\n`);
  await compile(dir);
  const core = JSON.parse(readFileSync(`${dir}/node_modules/@nestjs/core/package.json`, 'utf8')) as {
    version: string;
  };
  return { dir, major, nestVersion: core.version };
}

async function compile(dir: string): Promise<void> {
  try {
    await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir });
  } catch (error) {
    const { stdout } = error as { stdout?: string };
    throw new Error(`tsc failed in ${dir}:\n${stdout ?? String(error)}`);
  }
}
