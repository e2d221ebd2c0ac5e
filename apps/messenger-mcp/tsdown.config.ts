import { defineConfig } from 'tsdown';

// Everything (workspace packages, the MCP SDK, zod) is bundled in: the published app has no runtime
// dependencies. The entry stays tiny (Node version check) and imports the server as a lazy chunk.
export default defineConfig({
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
