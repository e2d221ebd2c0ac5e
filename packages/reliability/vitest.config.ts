import { defineConfig } from 'vitest/config';

// Every file spawns real processes and servers; one file at a time keeps the 2-core machine responsive, and
// the generous limits only catch hangs (each test also has its own "within N seconds" guards).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
