import { defineConfig } from 'tsup';

// One entry per heavy dependency, so that a test that only wants the browser loads neither oidc-provider
// nor child-process helpers. ES modules only: every package's tests, and the workers they fork, are ESM.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    oidc: 'src/oidc/index.ts',
    redis: 'src/redis/index.ts',
    workers: 'src/workers/index.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'node20',
  external: ['vitest', 'oidc-provider'],
});
