import { defineConfig } from 'tsdown';

// The demo is a script, not a library: one ESM file, no types. The MCP SDK stays external and is
// resolved from this package's node_modules.
export default defineConfig({
  entry: ['src/demo.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: false,
  sourcemap: false,
  fixedExtension: false,
});
