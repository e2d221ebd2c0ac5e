// The `@org/app-kit/mcp-http` entry: it loads the MCP SDK, so it stays out of the light `.` entry.
export { allowedHostnamesFor, hasBearerKey, rebindingRefusal } from './request-guards';
export {
  DEFAULT_MCP_BODY_LIMIT_BYTES,
  type RunningStreamableHttpServer,
  type StreamableHttpServerOptions,
  startStreamableHttpServer,
} from './start-streamable-http-server';
