import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
// The shared 3-master cluster launcher (test support, not published); the example under test still comes
// from the tarballs.
import { readmeExamples } from '@ils-auth/test-support';
import { RedisCluster, startRedisServer } from '@ils-auth/test-support/redis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { takeReceivedBodies } from './browser.js';
import { commonJsVariant } from './commonjs-variant.js';
import { EXAMPLE_CHECKS, type SignInPages } from './example-checks.js';
import { runToEnd, startServer } from './run-example.js';
import { type EmulatorSeeds, expectNoSecrets, printedLinks, testCredentials } from './what-leaks.js';

// Every README example, as a user copies it into a fresh project: from the installed tarballs, as an ES module
// and as CommonJS, compiled by TypeScript (strict, exactOptionalPropertyTypes), then run and used.
const { projectDir, packed } = inject('packaging');

const FORMATS = [
  { format: 'ESM', source: { js: 'mjs', ts: 'mts' }, output: 'mjs' },
  { format: 'CommonJS', source: { js: 'cjs', ts: 'cts' }, output: 'cjs' },
] as const;

const examples = packed.flatMap(({ name: packageName }) =>
  readmeExamples(readFileSync(`${projectDir}/node_modules/${packageName}/README.md`, 'utf8')).map(
    (example) => {
      const id = `${packageName}/${example.name}`;
      const base = id.replace(/^@ils-auth\//, '').replace(/\//g, '-');
      const variants = FORMATS.map(({ format, source, output }) => {
        const code = format === 'ESM' ? example.code : commonJsVariant(example.code);
        const file = `examples/${base}.${source[example.language]}`;
        writeFileSync(`${projectDir}/${file}`, code);
        return { format, file, compiled: `dist/${base}.${output}` };
      });
      return { id, variants };
    },
  ),
);

/** The compiler's complaints, by file (relative to the project). */
const diagnostics = new Map<string, string[]>();
let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
let redisCluster: RedisCluster | undefined;
let pages: SignInPages;
/** The emulators' test PINs and passwords. */
let credentials: string[];

beforeAll(async () => {
  const tsc = await promisify(execFile)(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '--pretty', 'false'],
    {
      cwd: projectDir,
      maxBuffer: 64 * 1024 * 1024,
    },
  ).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? String(failure) }));
  let current: string[] | undefined;
  for (const line of tsc.stdout.split('\n')) {
    const file = /^(\S[^(]*)\(\d+,\d+\): error/.exec(line)?.[1];
    if (file) {
      current = diagnostics.get(file) ?? [];
      diagnostics.set(file, current);
      current.push(line);
    } else if (line.trim() !== '') current?.push(line);
  }
  const emulator = `${projectDir}/node_modules/@ils-auth/emulator/dist/index.js`;
  const emulatorModule = (await import(pathToFileURL(emulator).href)) as SignInPages & EmulatorSeeds;
  pages = emulatorModule;
  credentials = testCredentials(emulatorModule);
  if (examples.some(({ id }) => EXAMPLE_CHECKS[id]?.kind === 'program' && EXAMPLE_CHECKS[id].redis)) {
    redis = await startRedisServer();
  }
  if (examples.some(({ id }) => EXAMPLE_CHECKS[id]?.kind === 'program' && EXAMPLE_CHECKS[id].redisCluster)) {
    redisCluster = await RedisCluster.launch();
  }
});
afterAll(() => Promise.all([redis?.stop(), redisCluster?.stop()]));

describe('README examples from the tarballs', () => {
  it('are each checked below, and each check has its example', () => {
    expect(examples.map(({ id }) => id).sort()).toEqual(Object.keys(EXAMPLE_CHECKS).sort());
  });

  it('use published declarations that compile under strict + exactOptionalPropertyTypes, ESM and CJS together', () => {
    // Only ours: other packages' declarations (e.g. @types/koa against content-disposition) are not ours to fix.
    const ours = [...diagnostics].filter(([file]) => file.startsWith('node_modules/@ils-auth/'));
    expect(ours.flatMap(([, lines]) => lines)).toEqual([]);
  });
});

describe.each(examples)('$id', ({ id, variants }) => {
  describe.each(variants)('as $format', ({ file, compiled }) => {
    it(`compiles (${file})`, () => {
      expect(diagnostics.get(file) ?? []).toEqual([]);
    });

    it('runs and works as the README says', async () => {
      const check = EXAMPLE_CHECKS[id];
      if (!check) throw new Error(`no check for ${id}`);
      const env: Record<string, string> = {
        ...(redis ? { REDIS_URL: redis.url } : {}),
        ...(redisCluster
          ? { REDIS_CLUSTER_NODES: redisCluster.ports.map((port) => `127.0.0.1:${port}`).join(',') }
          : {}),
      };
      if (check.kind === 'program') {
        const printed = await runToEnd(compiled, projectDir, env);
        check.output(printed);
        expectNoSecrets(printed, `${id}'s console`, credentials);
        return;
      }
      const server = await startServer(compiled, projectDir, env, check.ready);
      try {
        takeReceivedBodies();
        await check.use(server.url, pages);
        for (const body of takeReceivedBodies()) expectNoSecrets(body, `a page of ${id}`, credentials);
        // What the console tells a person to open exists (not 404) and takes that method (not 405).
        for (const { method, link } of printedLinks(server.output(), server.url)) {
          const { status } = await fetch(link, { method, redirect: 'manual' });
          expect([404, 405], `${method} ${link}, printed by ${id}, answered ${status}`).not.toContain(status);
        }
        expectNoSecrets(server.output(), `${id}'s console`, credentials);
      } finally {
        await server.stop();
      }
    });
  });
});
