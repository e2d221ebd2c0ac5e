/**
 * Node floor of the whole workspace (package.json `engines`): `process.loadEnvFile`, `require(esm)`
 * and the fastify/MCP SDK releases we use need 20.19 or later.
 */
export const MINIMUM_NODE_VERSION = { major: 20, minor: 19 } as const;

/** True when `version` (as in `process.versions.node`, e.g. `20.19.0`) meets the floor. */
export function isSupportedNodeVersion(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (major !== MINIMUM_NODE_VERSION.major) return major > MINIMUM_NODE_VERSION.major;
  return minor >= MINIMUM_NODE_VERSION.minor;
}

/** Stops the process with one line on stderr when Node is too old; runs before any dependency loads. */
export function exitIfUnsupportedNode(appName: string, version: string = process.versions.node): void {
  if (isSupportedNodeVersion(version)) return;
  const { major, minor } = MINIMUM_NODE_VERSION;
  process.stderr.write(
    `${appName}: Node.js ${major}.${minor} or later is required (this is ${version}); install a current Node.js LTS from https://nodejs.org\n`,
  );
  process.exit(1);
}
