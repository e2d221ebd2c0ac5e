import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseEnv, MAIN_JS, makeTempDir, STARTUP_LINE, spawnApp } from './app-process';

describe('responder-mcp lifecycle', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('starts with a node shebang so npx can run the bin', () => {
    expect(readFileSync(MAIN_JS, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--version prints the package version on stdout and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const app = spawnApp(['--version'], {}, temp.dir);
    expect(await app.exited).toBe(0);
    expect(app.stdout.text()).toBe(`${version}\n`);
  });

  it('exits 0 when the MCP host closes stdin, with nothing on stdout', async () => {
    const app = spawnApp([], baseEnv(temp.dir), temp.dir);
    await app.stderr.waitFor(STARTUP_LINE);
    app.child.stdin?.end();
    expect(await app.exited).toBe(0);
    expect(app.stdout.text()).toBe('');
  });

  it('RESPONDER_HTTP_ENABLED=false serves MCP only', async () => {
    const app = spawnApp([], { ...baseEnv(temp.dir), RESPONDER_HTTP_ENABLED: 'false' }, temp.dir);
    const match = await app.stderr.waitFor(STARTUP_LINE);
    expect(match[0]).toContain('HTTP API off');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('a bad environment variable stops start-up with one stderr line naming it', async () => {
    const app = spawnApp([], { ...baseEnv(temp.dir), MCP_TRANSPORT: 'carrier-pigeon' }, temp.dir);
    expect(await app.exited).toBe(1);
    const lines = app.stderr.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('MCP_TRANSPORT');
    expect(app.stdout.text()).toBe('');
  });
});
