import { defineConfig } from 'vitest/config';

// End-to-end tests spawn the built bin; on a busy 2-core machine start-up alone can take a second or two.
export default defineConfig({
  test: { testTimeout: 20_000, hookTimeout: 20_000 },
});
