import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { WORKSPACE_ROOT, workspacePackages } from './published-packages.js';
import {
  brokenReadmeLinks,
  danglingSourceMaps,
  missingEntryPoints,
  missingFilesEntries,
  shippedTests,
} from './tarball-problems.js';

const { projectDir, packed } = inject('packaging');
const manifests = new Map((await workspacePackages()).map((pkg) => [pkg.manifest.name, pkg.manifest]));

describe.each(packed)('the tarball of $name', ({ name, files }) => {
  const manifest = manifests.get(name)!;
  // npm unpacked the tarball here, byte for byte.
  const installed = (path: string) => readFileSync(`${projectDir}/node_modules/${name}/${path}`, 'utf8');

  it('holds every entry of "files" (CHANGELOG.md included)', () => {
    expect(missingFilesEntries(manifest.files ?? [], files)).toEqual([]);
  });

  it('ships no tests', () => {
    expect(shippedTests(files)).toEqual([]);
  });

  it('holds every file its package.json points at (exports, main, module, types, bin)', () => {
    expect(missingEntryPoints(JSON.parse(installed('package.json')), files)).toEqual([]);
  });

  it('has no source map that points at a file it does not ship', () => {
    expect(danglingSourceMaps(files, installed)).toEqual([]);
  });

  it('has README links that work on npm: into the tarball, or absolute to files that exist', () => {
    const repository = manifest.repository!.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const exists = (path: string) => existsSync(`${WORKSPACE_ROOT}${path}`);
    expect(brokenReadmeLinks(installed('README.md'), repository, files, exists)).toEqual([]);
  });
});
