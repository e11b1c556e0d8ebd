import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    // Two `npm install`s from the registry (one per NestJS major) happen before the first test.
    hookTimeout: 600_000,
  },
});
