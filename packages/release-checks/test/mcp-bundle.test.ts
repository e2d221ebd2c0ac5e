import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { getMcpConfigForManifest, type McpbManifestAny } from '@anthropic-ai/mcpb';
import { MESSENGER_SERVER_NAME, MESSENGER_TOOL_NAMES } from '@org/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl, connectStdio } from './helpers/mcp-stdio';
import { makeTempDir } from './helpers/pack';
import { runCommand, runCommandOrThrow } from './helpers/run-command';
import { REPO_ROOT, ROOT_BIN, readPackageJson } from './helpers/workspace';

// Claude Desktop installs a .mcpb by unzipping it, asking the user for the manifest's user_config, and
// spawning mcp_config with ${__dirname} and ${user_config.*} substituted. This test does the same, with the
// substitution code Claude Desktop itself uses (getMcpConfigForManifest from @anthropic-ai/mcpb).
const appDir = join(REPO_ROOT, 'apps/messenger-mcp');
const workDir = makeTempDir('mcpb');
const bundleFile = join(workDir, 'messenger-mcp.mcpb');
const unpackedDir = join(workDir, 'installed');
let buildOutput = '';

beforeAll(async () => {
  const build = await runCommandOrThrow(
    process.execPath,
    [join(REPO_ROOT, 'packages/release-checks/scripts/build-mcpb.mjs'), '--out', bundleFile],
    { cwd: workDir },
  );
  buildOutput = build.stdout + build.stderr;
  await runCommandOrThrow(join(ROOT_BIN, 'mcpb'), ['unpack', bundleFile, unpackedDir], { cwd: workDir });
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function installedManifest(): McpbManifestAny {
  return JSON.parse(readFileSync(join(unpackedDir, 'manifest.json'), 'utf8')) as McpbManifestAny;
}

describe('messenger-mcp MCP Bundle (.mcpb)', () => {
  it('has a manifest that mcpb validates, with the npm package version', async () => {
    const validate = await runCommand(join(ROOT_BIN, 'mcpb'), ['validate', join(appDir, 'manifest.json')], {
      cwd: REPO_ROOT,
    });
    expect(validate.stdout + validate.stderr).toContain('validation passes');
    expect(validate.code).toBe(0);
    expect(buildOutput).toContain('validation passes');
    expect(installedManifest().version).toBe(readPackageJson(appDir).version);
  });

  it('carries its entry point and no node_modules (the server is one bundled program)', () => {
    const manifest = installedManifest();
    expect(existsSync(join(unpackedDir, manifest.server.entry_point))).toBe(true);
    expect(existsSync(join(unpackedDir, 'node_modules'))).toBe(false);
  });

  it('lists in its manifest exactly the tools the server registers', () => {
    const names = (installedManifest().tools ?? []).map((tool) => tool.name);
    expect(names.sort()).toEqual([...MESSENGER_TOOL_NAMES].sort());
  });

  it('starts from the unpacked bundle the way Claude Desktop does and lists its tools', async () => {
    const manifest = installedManifest();
    const serverBUrl = await closedPortUrl();
    // The user filled in only the Server B URL; the optional API key keeps its empty default.
    const mcpConfig = await getMcpConfigForManifest({
      manifest,
      extensionPath: unpackedDir,
      systemDirs: {},
      userConfig: { server_b_url: serverBUrl },
      pathSeparator: sep,
    });
    expect(mcpConfig).toBeDefined();
    if (!mcpConfig) return;
    // A placeholder left unsubstituted would reach the server as a literal "${...}" value.
    expect(JSON.stringify(mcpConfig)).not.toContain('${');
    expect(mcpConfig.env).toMatchObject({ SERVER_B_URL: serverBUrl, RESPONDER_API_KEY: '' });

    const session = await connectStdio({
      command: mcpConfig.command,
      args: mcpConfig.args ?? [],
      env: { ...mcpConfig.env, RETRY_ATTEMPTS: '0' },
      cwd: workDir,
    });
    try {
      expect(session.client.getServerVersion()?.name).toBe(MESSENGER_SERVER_NAME);
      const { tools } = await session.client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...MESSENGER_TOOL_NAMES].sort());
    } finally {
      await session.close();
    }
  });
});
