import { libraryConfig } from '../../tsdown.lib';

// Two entries: the service and HTTP app, and `./mcp` (the MCP tools, which load the MCP SDK).
export default libraryConfig({ entry: ['src/index.ts', 'src/mcp.ts'] });
