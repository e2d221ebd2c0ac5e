import { defineConfig } from 'vitest/config';

// These checks pack tarballs, run npm/npx and start servers from them: slow and disk-heavy, so one file at a
// time and generous per-test limits (the whole suite stays around two minutes on the 2-core CI machine).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
