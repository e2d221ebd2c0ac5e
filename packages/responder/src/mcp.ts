// `@org/responder/mcp`: the responder's MCP tools. A subpath of its own so that the HTTP-only app does not
// load the MCP SDK at start-up (bench scenario 4).
export { createResponderMcpServer, registerResponderTools } from './responder-mcp-tools';
