import { appConfig } from '../../tsdown.app';

// Everything (workspace packages, the MCP SDK, zod) is bundled in: the published app has no runtime
// dependencies. The entry stays tiny (Node version check) and imports the server as a lazy chunk.
export default appConfig({ alwaysBundle: [/.*/], minify: true, sourcemap: false });
