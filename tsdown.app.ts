import { defineConfig, type UserConfig } from 'tsdown';

export interface AppConfigOptions {
  /** What goes into the bundle besides the app's own code; everything else stays an import of a dependency. */
  alwaysBundle: RegExp[];
  minify?: boolean;
  sourcemap?: boolean;
}

/** The build of an app: one ESM entry, `src/main.ts` → `dist/main.js` (the bin), no types. */
export function appConfig({ alwaysBundle, minify = false, sourcemap = true }: AppConfigOptions): UserConfig {
  return defineConfig({
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
    sourcemap,
    minify,
    fixedExtension: false,
    deps: { alwaysBundle },
  });
}
