import { dirname, join, normalize } from 'node:path';
import { markdownLinks } from './markdown-links.js';

// Each function lists what is wrong with one packed package, empty when nothing is: the tests compare with [].

/** Entries of package.json `files` that the tarball does not hold (npm packs a missing one silently). */
export function missingFilesEntries(entries: readonly string[], files: readonly string[]): string[] {
  return entries.filter((entry) => !files.some((file) => file === entry || file.startsWith(`${entry}/`)));
}

/** Test files that slipped into the tarball. */
export function shippedTests(files: readonly string[]): string[] {
  return files.filter((file) => /\.(test|spec)\.|(^|\/)test-support\//.test(file));
}

/** The file paths in a package.json field: a string, or the strings anywhere in an object of conditions. */
function leaves(field: unknown): string[] {
  if (typeof field === 'string') return [field];
  if (field && typeof field === 'object') return Object.values(field).flatMap(leaves);
  return [];
}

/** Files that the packed package.json's `exports`, `main`, `module`, `types` or `bin` name but the tarball lacks. */
export function missingEntryPoints(manifest: Record<string, unknown>, files: readonly string[]): string[] {
  const shipped = new Set(files);
  return ['exports', 'main', 'module', 'types', 'bin']
    .flatMap((field) => leaves(manifest[field]))
    .filter((target) => !shipped.has(normalize(target)));
}

/** `sourceMappingURL`s and map `sources` that name files the tarball does not hold. */
export function danglingSourceMaps(files: readonly string[], read: (file: string) => string): string[] {
  const shipped = new Set(files);
  const dangling: string[] = [];
  for (const file of files.filter((path) => /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(path))) {
    const url = /\/[/*]# sourceMappingURL=(\S+)/.exec(read(file))?.[1];
    if (url && !url.startsWith('data:') && !shipped.has(join(dirname(file), url)))
      dangling.push(`${file} → ${url}`);
  }
  for (const map of files.filter((path) => path.endsWith('.map'))) {
    const { sources = [] } = JSON.parse(read(map)) as { sources?: string[] };
    for (const source of sources) {
      if (!shipped.has(normalize(join(dirname(map), source)))) dangling.push(`${map} → ${source}`);
    }
  }
  return dangling;
}

/**
 * README links that break on npm, where the README is shown without the repository: a relative link must
 * name a file of the tarball; an absolute link into `repository` (`…/blob|tree/main/<path>`) must name a path
 * that exists there. Anchors, mail and other sites are left alone.
 */
export function brokenReadmeLinks(
  readme: string,
  repository: string,
  files: readonly string[],
  existsInRepository: (path: string) => boolean,
): string[] {
  const shipped = new Set(files);
  return markdownLinks(readme).filter((target) => {
    if (target.startsWith('#') || target.startsWith('mailto:')) return false;
    if (target.startsWith(`${repository}/`)) {
      const path = /^\/(?:blob|tree)\/main\/([^#?]+)/.exec(target.slice(repository.length))?.[1];
      return !path || !existsInRepository(path);
    }
    if (/^https?:\/\//.test(target)) return false;
    return !shipped.has(normalize(target.split('#')[0]!));
  });
}
