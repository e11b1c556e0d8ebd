import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The pnpm the repository pins: `pnpm pack` turns `workspace:` ranges into the real versions. */
const PNPM = ['-y', 'pnpm@10.34.8'];

export interface PackedPackage {
  name: string;
  tarball: string;
  /** Paths inside the tarball, without npm's `package/` prefix. */
  files: string[];
}

/** A package of the workspace: its folder and its name. */
export interface PackageToPack {
  dir: string;
  manifest: { name: string };
}

/**
 * Packs each package into `destination` one after the other (two cores: no parallel packs), as npm would
 * publish it; the packages must be built (turbo's `test` builds first).
 */
export async function packAll(
  packages: readonly PackageToPack[],
  destination: string,
): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  for (const pkg of packages) {
    const before = new Set(await readdir(destination));
    await run('npx', [...PNPM, 'pack', '--pack-destination', destination], {
      cwd: pkg.dir,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const made = (await readdir(destination)).filter((file) => !before.has(file) && file.endsWith('.tgz'));
    if (made.length !== 1) throw new Error(`pnpm pack in ${pkg.dir} made ${made.length} tarballs`);
    const tarball = `${destination}/${made[0]}`;
    const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
    const files = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.replace(/^package\//, ''));
    packed.push({ name: pkg.manifest.name, tarball, files });
  }
  return packed;
}
