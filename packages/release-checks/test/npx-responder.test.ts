import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { RESPONDER_SERVER_NAME, RESPONDER_TOOL_NAMES } from '@org/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio } from './helpers/mcp-stdio';
import { makeTempDir, pnpmPack } from './helpers/pack';

// The README's quick start is `npx responder-http` (and messenger-mcp's errors tell users to run it): the
// packed apps must install their declared dependencies from npm and start with nothing but the environment.
const workDir = makeTempDir('npx-responder');
const emptyDir = makeTempDir('npx-responder-cwd');
const tarballs = new Map<string, string>();
const started: ChildProcess[] = [];

beforeAll(async () => {
  for (const app of ['responder-http', 'responder-mcp']) {
    tarballs.set(app, (await pnpmPack(`apps/${app}`, workDir)).filename);
  }
});

afterEach(async () => {
  // npx runs the bin through a shell: stop the whole process group this test started.
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.pid === undefined) continue;
    const exited = once(child, 'exit');
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
});

function tarballOf(app: string): string {
  const tarball = tarballs.get(app);
  if (!tarball) throw new Error(`${app} was not packed`);
  return tarball;
}

/** Starts `npx <tarball>` and resolves with the URL it prints once it listens (HTTP_PORT=0 picks a port). */
async function startNpxHttp(app: string, env: Record<string, string>): Promise<string> {
  const child = spawn('npx', ['--yes', `file:${tarballOf(app)}`], {
    cwd: emptyDir,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s)]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${app} exited with ${code} before listening:\n${output}`)));
  });
}

describe('npx responder-http from the packed tarball', () => {
  it('installs, starts with the mock provider and answers /health and /process', async () => {
    const url = await startNpxHttp('responder-http', {
      AI_PROVIDER: 'mock',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      LEDGER: 'memory',
    });
    const health = (await (await fetch(`${url}/health`)).json()) as { status: string; provider: string };
    expect(health).toMatchObject({ status: 'healthy', provider: 'mock' });

    const response = await fetch(`${url}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'Hello from npx' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'success',
      aiResponse:
        "[MOCK RESPONSE #1] You said: 'Hello from npx'. This is a test response without calling any external API.",
      provider: 'mock',
    });
  });
});

describe('npx responder-mcp from the packed tarball', () => {
  it('starts over stdio from an empty folder, initializes and lists the 7 responder tools', async () => {
    const session = await connectStdio({
      command: 'npx',
      args: ['--yes', `file:${tarballOf('responder-mcp')}`],
      cwd: emptyDir,
      env: { AI_PROVIDER: 'mock', HTTP_PORT: '0', LEDGER: 'memory' },
    });
    try {
      expect(session.client.getServerVersion()?.name).toBe(RESPONDER_SERVER_NAME);
      const { tools } = await session.client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([...RESPONDER_TOOL_NAMES].sort());
    } finally {
      await session.close();
    }
  });
});
