import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlock, readmeExample, readmeExampleName, readmeExamples } from './readme-examples.js';
import { runReadmeExample } from './run-readme-example.js';
import { startReadmeExample } from './start-readme-example.js';

const README = [
  '# a package',
  '<!-- readme-example -->',
  '```js',
  "console.log('unnamed', process.env.GREETING ?? 'none');",
  '```',
  '<!-- readme-example: koha -->',
  '```ts',
  'const n: number = 1;',
  '```',
  '<!-- readme-example:server -->',
  '```js',
  "import { createServer } from 'node:http';",
  "const server = createServer((_req, res) => res.end('served')).listen(Number(process.env.PORT), '127.0.0.1', () =>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the example's own template string
  '  console.log(`listening on http://127.0.0.1:${server.address().port}`),',
  ');',
  '```',
  '<!-- readme-example:fails -->',
  '```js',
  'process.exit(3);',
  '```',
  '<!-- readme-vitest -->',
  'A test, then its block:',
  '```ts',
  'test();',
  '```',
  '',
].join('\n');

let packageDir: string;

beforeAll(async () => {
  packageDir = `${await mkdtemp(join(tmpdir(), 'ils-auth-readme-runner-'))}/`;
  await writeFile(`${packageDir}README.md`, README);
});
afterAll(() => rm(packageDir, { recursive: true, force: true }));

describe('the README runner', () => {
  it('finds every marked example, named or not, with its language', () => {
    expect(readmeExamples(README).map(({ name, language }) => `${name}:${language}`)).toEqual([
      'example:js',
      'koha:ts',
      'server:js',
      'fails:js',
    ]);
    expect(readmeExample(README, 'koha')).toBe('const n: number = 1;\n');
    expect(() => readmeExample(README, 'sip2')).toThrow('<!-- readme-example:sip2 -->');
    expect(readmeBlock(README, 'readme-vitest')).toBe('test();\n');
    expect(['readme-example', 'readme-example:koha'].map(readmeExampleName)).toEqual(['example', 'koha']);
  });

  it('runs an example to its end in the package folder, with the environment given, and cleans up', async () => {
    const { stdout } = await runReadmeExample(packageDir, 'example', { env: { GREETING: 'hello' } });
    expect(stdout).toBe('unnamed hello\n');
    await expect(runReadmeExample(packageDir, 'fails')).rejects.toMatchObject({ code: 3 });
    expect(await readdir(packageDir)).toEqual(['README.md']);
  });

  it('starts a serving example, answers where it listens, and stops it', async () => {
    const example = await startReadmeExample(packageDir, 'server', { listening: /listening on (\S+)/ });
    expect(await (await fetch(example.url)).text()).toBe('served');
    await example.stop();
    await expect(fetch(example.url)).rejects.toThrow();
    expect(await readdir(packageDir)).toEqual(['README.md']);
    await expect(startReadmeExample(packageDir, 'fails')).rejects.toThrow(/exited with 3/);
  });
});
