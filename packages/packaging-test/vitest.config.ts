import { defineConfig } from 'vitest/config';

// One pack and one `npm install` for the whole run (global setup), then the files one at a time: the
// examples start servers, and CI has two cores.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
