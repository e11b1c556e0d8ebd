import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { markdownLinks } from './markdown-links.js';
import { WORKSPACE_ROOT, workspacePackages } from './published-packages.js';

const { projectDir, packed } = inject('packaging');

/** The file paths in a package.json field: a string, or the strings anywhere in an object of conditions. */
function leaves(field: unknown): string[] {
  if (typeof field === 'string') return [field];
  if (field && typeof field === 'object') return Object.values(field).flatMap(leaves);
  return [];
}
const manifests = new Map((await workspacePackages()).map((pkg) => [pkg.manifest.name, pkg.manifest]));

describe.each(packed)('the tarball of $name', ({ name, files }) => {
  const manifest = manifests.get(name)!;
  const shipped = new Set(files);
  const installed = (path: string) => readFileSync(`${projectDir}/node_modules/${name}/${path}`, 'utf8');

  it('holds every entry of "files" (CHANGELOG.md included)', () => {
    for (const entry of manifest.files ?? []) {
      expect(
        files.some((file) => file === entry || file.startsWith(`${entry}/`)),
        entry,
      ).toBe(true);
    }
  });

  it('ships no tests', () => {
    expect(files.filter((file) => /\.(test|spec)\.|(^|\/)test-support\//.test(file))).toEqual([]);
  });

  it('holds every file its package.json points at (exports, main, module, types, bin)', () => {
    const packedManifest = JSON.parse(installed('package.json')) as Record<string, unknown>;
    const targets = ['exports', 'main', 'module', 'types', 'bin'].flatMap((field) =>
      leaves(packedManifest[field]),
    );
    expect(targets.filter((target) => !shipped.has(normalize(target)))).toEqual([]);
  });

  it('has no source map that points at a file it does not ship', () => {
    const missing: string[] = [];
    for (const file of files.filter((path) => /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(path))) {
      const url = /\/[/*]# sourceMappingURL=(\S+)/.exec(installed(file))?.[1];
      if (url && !url.startsWith('data:') && !shipped.has(join(dirname(file), url)))
        missing.push(`${file} → ${url}`);
    }
    for (const map of files.filter((path) => path.endsWith('.map'))) {
      const { sources = [] } = JSON.parse(installed(map)) as { sources?: string[] };
      for (const source of sources) {
        const path = normalize(join(dirname(map), source));
        if (!shipped.has(path)) missing.push(`${map} → ${source}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has README links that work on npm: into the tarball, or absolute to files that exist', () => {
    const repository = manifest.repository!.url.replace(/^git\+/, '').replace(/\.git$/, '');
    const broken: string[] = [];
    for (const target of markdownLinks(installed('README.md'))) {
      if (target.startsWith('#') || target.startsWith('mailto:')) continue;
      if (target.startsWith(`${repository}/`)) {
        const path = /^\/(?:blob|tree)\/main\/([^#?]+)/.exec(target.slice(repository.length))?.[1];
        if (!path || !existsSync(`${WORKSPACE_ROOT}${path}`)) broken.push(target);
      } else if (!/^https?:\/\//.test(target) && !shipped.has(normalize(target.split('#')[0]!))) {
        broken.push(target);
      }
    }
    expect(broken).toEqual([]);
  });
});
