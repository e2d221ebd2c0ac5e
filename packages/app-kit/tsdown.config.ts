import { defineConfig } from 'tsdown';

// Two entries: the apps import `.` before their Node version check, so it must not pull in the MCP SDK;
// the Streamable HTTP server lives behind `./mcp-http`.
export default defineConfig({
  entry: ['src/index.ts', 'src/mcp-http.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  dts: true,
  sourcemap: true,
  fixedExtension: false,
});
