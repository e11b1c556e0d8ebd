import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// NestJS's dependency injection reads the decorator metadata that esbuild drops: compile with SWC.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
