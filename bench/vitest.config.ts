import { defineConfig } from 'vitest/config';

// The smoke run spawns every app and a load generator; the limit only catches a hang.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
