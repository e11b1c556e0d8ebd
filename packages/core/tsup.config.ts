import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    web: 'src/web/index.ts',
    extend: 'src/extend/index.ts',
    otel: 'src/otel/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  // No source maps: they would point into src/, which the package does not ship; dist/ is readable as is.
  sourcemap: false,
  target: 'node20',
  // esbuild renames classes it bundles (`_IlsAuthError`); their names are what users read in errors and logs.
  keepNames: true,
  // The entries (the root, ./web, ./extend and ./otel) share one copy of each module: one IlsAuthError class, one MemoryStore.
  splitting: true,
});
