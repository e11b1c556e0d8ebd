import { describe, expect, it } from 'vitest';
import * as problems from './tarball-problems.js';

// The checks themselves, on the faults the tarballs had: each must see the fault, and pass the fixed form.

const REPO = 'https://github.com/ils-auth/ils-auth';

describe('tarball checks', () => {
  it('see a CHANGELOG.md that "files" lists but the tarball lacks', () => {
    const files = ['package.json', 'README.md', 'dist/index.js'];
    expect(problems.missingFilesEntries(['dist', 'README.md', 'CHANGELOG.md'], files)).toEqual([
      'CHANGELOG.md',
    ]);
    expect(
      problems.missingFilesEntries(['dist', 'README.md', 'CHANGELOG.md'], [...files, 'CHANGELOG.md']),
    ).toEqual([]);
  });

  it('see source maps whose sources are in an unshipped src/', () => {
    const contents: Record<string, string> = {
      'dist/index.js': 'export {};\n//# sourceMappingURL=index.js.map\n',
      'dist/index.js.map': JSON.stringify({ version: 3, sources: ['../src/index.ts'], mappings: '' }),
    };
    const read = (file: string) => contents[file]!;
    expect(problems.danglingSourceMaps(Object.keys(contents), read)).toEqual([
      'dist/index.js.map → ../src/index.ts',
    ]);
    expect(problems.danglingSourceMaps([...Object.keys(contents), 'src/index.ts'], read)).toEqual([]);
    expect(problems.danglingSourceMaps(['dist/index.js'], read)).toEqual(['dist/index.js → index.js.map']);
  });

  it('see relative README links, and absolute ones to paths that do not exist', () => {
    const readme = [
      'The core of [ils-auth](../../README.md), see [providers](../../docs/providers.md) and [core](../core).',
      `Fine: [home](${REPO}#readme), [docs](${REPO}/blob/main/docs/providers.md), [anchor](#errors).`,
      `Gone: [old](${REPO}/blob/main/docs/removed.md).`,
      '```js',
      "res.send('[not a link](../nowhere)');",
      '```',
      'Code spans are not links either: `[x](../y)`.',
    ].join('\n');
    const exists = (path: string) => path === 'docs/providers.md';
    expect(problems.brokenReadmeLinks(readme, REPO, ['README.md'], exists)).toEqual([
      '../../README.md',
      '../../docs/providers.md',
      '../core',
      `${REPO}/blob/main/docs/removed.md`,
    ]);
    expect(problems.brokenReadmeLinks('[changes](CHANGELOG.md)', REPO, ['CHANGELOG.md'], exists)).toEqual([]);
  });

  it('see entry points the tarball lacks, and tests it ships', () => {
    const manifest = {
      exports: { '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' } } },
      bin: { tool: './dist/bin.js' },
    };
    expect(problems.missingEntryPoints(manifest, ['dist/index.js', 'dist/bin.js'])).toEqual([
      './dist/index.d.ts',
    ]);
    expect(problems.shippedTests(['dist/index.js', 'dist/index.test.js', 'dist/testing/index.js'])).toEqual([
      'dist/index.test.js',
    ]);
  });
});
