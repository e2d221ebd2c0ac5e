import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MESSENGER_SERVER_NAME, MESSENGER_TOOL_NAMES } from '@org/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl, connectStdio } from './helpers/mcp-stdio';
import { makeTempDir, pnpmPack, readPackedPackageJson } from './helpers/pack';
import { runCommandOrThrow } from './helpers/run-command';
import type { PackageJson } from './helpers/workspace';

// Claude Desktop users add `{"command": "npx", "args": ["-y", "messenger-mcp"]}` to their config. Here the
// registry name is replaced by the packed tarball (a `file:` spec: npx runs a bare path as a command) and the
// server starts from an empty folder, so nothing from the workspace can leak in.
const workDir = makeTempDir('npx');
const emptyDir = makeTempDir('npx-cwd');
let tarball: string;
let manifest: PackageJson;

beforeAll(async () => {
  tarball = (await pnpmPack('apps/messenger-mcp', workDir)).filename;
  manifest = await readPackedPackageJson(tarball);
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
});

describe('npx messenger-mcp from the packed tarball', () => {
  it('needs no private @org package at run time', () => {
    const runtime = { ...manifest.dependencies, ...(manifest.peerDependencies as Record<string, string>) };
    expect(Object.keys(runtime).filter((name) => name.startsWith('@org/'))).toEqual([]);
  });

  it('has a bin that starts with a node shebang', async () => {
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['messenger-mcp'];
    expect(bin).toBeDefined();
    const extracted = join(workDir, 'extracted');
    await runCommandOrThrow('mkdir', ['-p', extracted], { cwd: workDir });
    await runCommandOrThrow('tar', ['-xzf', tarball, '-C', extracted], { cwd: workDir });
    const firstLine = readFileSync(join(extracted, 'package', bin ?? ''), 'utf8').split('\n')[0];
    expect(firstLine).toBe('#!/usr/bin/env node');
  });

  it('starts over stdio from an empty folder, initializes and lists the 7 messenger tools', async () => {
    const serverBUrl = await closedPortUrl();
    const session = await connectStdio({
      command: 'npx',
      args: ['--yes', `file:${tarball}`],
      cwd: emptyDir,
      env: { SERVER_B_URL: serverBUrl, RETRY_ATTEMPTS: '0' },
    });
    try {
      expect(session.client.getServerVersion()?.name).toBe(MESSENGER_SERVER_NAME);
      const { tools } = await session.client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...MESSENGER_TOOL_NAMES].sort());

      // Server B is down: the user gets an answer naming the URL it tried, not a hang or a crash.
      const health = await session.client.callTool({ name: 'check_server_b_health', arguments: {} });
      const text = (health.content as { type: string; text?: string }[])
        .map((part) => part.text ?? '')
        .join('\n');
      expect(text).toContain(serverBUrl);
    } finally {
      await session.close();
    }
  });
});
