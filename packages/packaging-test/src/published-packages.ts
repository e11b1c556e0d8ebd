import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The repository root, whose `packages/` holds every package this test packs. */
export const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  files?: string[];
  repository?: { url: string; directory?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  dir: string;
  manifest: PackageManifest;
}

async function readManifest(dir: string): Promise<PackageManifest> {
  return JSON.parse(await readFile(`${dir}/package.json`, 'utf8')) as PackageManifest;
}

/** Every package under `packages/`, published or not, with its manifest. */
export async function workspacePackages(): Promise<WorkspacePackage[]> {
  const names = (await readdir(`${WORKSPACE_ROOT}packages`, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const found: WorkspacePackage[] = [];
  for (const name of names) {
    const dir = `${WORKSPACE_ROOT}packages/${name}`;
    found.push({ dir, manifest: await readManifest(dir) });
  }
  return found;
}

/** The packages that go to npm: every one under `packages/` not marked private. */
export async function publishedPackages(): Promise<WorkspacePackage[]> {
  return (await workspacePackages()).filter((pkg) => pkg.manifest.private !== true);
}

/**
 * The version range the workspace itself uses for a registry package (the root's, else the first package's
 * that names it), so the fresh project installs what the packages are tested with.
 */
export async function workspaceRange(name: string): Promise<string> {
  const manifests = [
    await readManifest(WORKSPACE_ROOT),
    ...(await workspacePackages()).map((pkg) => pkg.manifest),
  ];
  for (const manifest of manifests) {
    const range = manifest.dependencies?.[name] ?? manifest.devDependencies?.[name];
    if (range !== undefined && !range.startsWith('workspace:')) return range;
  }
  throw new Error(`no package of the workspace depends on ${name}: add it where it is used`);
}
