import { defineConfig } from 'tsdown';

// Everything (workspace packages, the MCP SDK, zod) is bundled in: the published app has no runtime
// dependencies. The entry stays tiny (Node version check) and imports the server as a lazy chunk.
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
  sourcemap: false,
  minify: true,
  fixedExtension: false,
  deps: { alwaysBundle: [/.*/] },
});
