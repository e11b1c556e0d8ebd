import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Memory figures need `global.gc`. Run as `node bench/x.mjs`, the benchmark restarts itself once with
 * `--expose-gc`, so the one documented command still works.
 */
export function ensureExposedGc(moduleUrl) {
  if (typeof global.gc === 'function') return;
  const { status } = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(moduleUrl), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(status ?? 1);
}
