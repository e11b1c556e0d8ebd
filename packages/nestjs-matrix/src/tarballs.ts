import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The packages the matrix installs from tarballs, as npm would publish them (built first by turbo). */
const PACKED = ['core', 'nestjs'] as const;

/** Packs each package into `destination` with the pinned pnpm (workspace ranges become versions). */
export function packTarballs(destination: string): Record<(typeof PACKED)[number], string> {
  const tarballs = {} as Record<(typeof PACKED)[number], string>;
  for (const name of PACKED) {
    const before = new Set(readdirSync(destination));
    execFileSync('npx', ['-y', 'pnpm@10.34.8', 'pack', '--pack-destination', destination], {
      cwd: fileURLToPath(new URL(`../../${name}/`, import.meta.url)),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const made = readdirSync(destination).find((file) => file.endsWith('.tgz') && !before.has(file));
    if (!made) throw new Error(`pnpm pack made no tarball for @ils-auth/${name}`);
    tarballs[name] = `${destination}/${made}`;
  }
  return tarballs;
}
