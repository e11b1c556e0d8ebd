import { defineConfig } from 'vitest/config';
import { buildConstants } from './src/build-constants.js';

export default defineConfig({
  define: buildConstants(),
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
