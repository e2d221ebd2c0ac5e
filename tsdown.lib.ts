import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The build of every library package (STYLE.md): ESM with `.d.ts` for Node ≥ 20.19, `dist/index.js` from
 * `src/index.ts`. Each package's tsdown.config.ts re-exports it, or calls `libraryConfig` for what differs.
 */
export function libraryConfig(overrides: UserConfig = {}): UserConfig {
  return defineConfig({
    entry: ['src/index.ts'],
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    dts: true,
    sourcemap: true,
    fixedExtension: false,
    ...overrides,
  });
}

export default libraryConfig();
