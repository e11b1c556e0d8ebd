import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PACKAGES = ['core', 'redis', 'emulator'];
/** Test helpers, never built into dist. */
const NOT_BUILT = new Set(['testing', 'test-support']);

/**
 * The suite runs the built packages (their `exports` point at dist/, and the child processes run plain
 * `node`): a dist older than its source would test yesterday's code. turbo's `test` builds first; by hand,
 * `npx -y pnpm@10.34.8 exec turbo run build --filter=@ils-auth/conformance^...`.
 */
export function assertPackagesBuilt(): void {
  for (const name of PACKAGES) {
    const root = fileURLToPath(new URL(`../../${name}/`, import.meta.url));
    let built: number;
    try {
      built = statSync(`${root}dist/index.js`).mtimeMs;
    } catch {
      throw new Error(`packages/${name}/dist is missing: build it first (turbo runs build before test)`);
    }
    if (newestSource(`${root}src`) > built)
      throw new Error(
        `packages/${name}/dist is older than its src: build it first (turbo runs build before test)`,
      );
  }
}

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = `${directory}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!NOT_BUILT.has(entry.name)) newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
