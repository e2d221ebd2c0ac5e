import { defineConfig } from 'tsdown';

// Workspace packages are bundled in: the published app must not depend on private @org packages.
export default defineConfig({
  // A workspace package whose dist is missing (mid-rebuild) would otherwise be left as an external import with
  // only a warning, and the published bin would fail at start-up: make it a build error.
  inputOptions: {
    onLog(level, log, handler) {
      if (log.code === 'UNRESOLVED_IMPORT') handler('error', log);
      else handler(level, log);
    },
  },
  entry: ['src/main.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: false,
  sourcemap: true,
  fixedExtension: false,
  deps: { alwaysBundle: [/^@org\//] },
});
