import { defineConfig } from 'vitest/config';

// One browser at a time: two cores, and each test drives a whole sign-in.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
