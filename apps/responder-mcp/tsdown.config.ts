import { defineConfig } from 'tsdown';

// Workspace packages are bundled in: the published app must not depend on private @org packages.
export default defineConfig({
  entry: ['src/main.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: false,
  sourcemap: true,
  fixedExtension: false,
  deps: { alwaysBundle: [/^@org\//] },
});
