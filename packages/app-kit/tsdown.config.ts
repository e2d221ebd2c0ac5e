import { libraryConfig } from '../../tsdown.lib';

// Two entries: the apps import `.` before their Node version check, so it must not pull in the MCP SDK;
// the Streamable HTTP server lives behind `./mcp-http`.
export default libraryConfig({ entry: ['src/index.ts', 'src/mcp-http.ts'] });
