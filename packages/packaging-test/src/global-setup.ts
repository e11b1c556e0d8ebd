import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PackedPackage, packAll } from '@ils-auth/test-support';
import type { TestProject } from 'vitest/node';
import { createFreshProject } from './fresh-project.js';
import { publishedPackages } from './published-packages.js';

export interface PackagingFixture {
  /** The fresh npm project, outside the workspace, with every tarball installed. */
  projectDir: string;
  packed: PackedPackage[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    packaging: PackagingFixture;
  }
}

/** Packs and installs once for every test file: one `npm install` is the slow part. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = await mkdtemp(join(tmpdir(), 'ils-auth-packaging-'));
  const cleanUp = () => rm(work, { recursive: true, force: true });
  try {
    await mkdir(`${work}/tarballs`);
    const packed = await packAll(await publishedPackages(), `${work}/tarballs`);
    const projectDir = `${work}/project`;
    await createFreshProject(projectDir, packed);
    project.provide('packaging', { projectDir, packed });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  // ILS_AUTH_KEEP_PACKAGING_PROJECT=1 keeps the project to look into after a failure.
  return process.env.ILS_AUTH_KEEP_PACKAGING_PROJECT ? async () => {} : cleanUp;
}
