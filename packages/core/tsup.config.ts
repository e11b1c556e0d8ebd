import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', web: 'src/web/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // Two entries (the root and ./web) share one copy of each module: one IlsAuthError class, one MemoryStore.
  splitting: true,
});
