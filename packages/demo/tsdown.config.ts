import { libraryConfig } from '../../tsdown.lib';

// The demo is a script, not a library: one ESM file, no types. The MCP SDK stays external and is
// resolved from this package's node_modules.
export default libraryConfig({ entry: ['src/demo.ts'], dts: false, sourcemap: false });
