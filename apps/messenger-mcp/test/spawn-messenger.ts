import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export const MESSENGER_BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** A working directory without a .env, so the developer's own file cannot steer a test. */
export function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'messenger-mcp-test-'));
}

export function baseEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    LEDGER: 'memory',
    LOG_LEVEL: 'warn',
    RETRY_BASE_DELAY_MS: '10',
    RETRY_MAX_DELAY_MS: '50',
    PROGRESS_INTERVAL_MS: '0',
    ...extra,
  };
}

export interface StdioMessenger {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

/** Spawns the built bin and connects the real MCP SDK client over stdio. */
export async function connectStdio(
  env: Record<string, string>,
  command = process.execPath,
  args = [MESSENGER_BIN],
): Promise<StdioMessenger> {
  const transport = new StdioClientTransport({
    command,
    args,
    env: baseEnv(env),
    cwd: emptyDir(),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** Spawns the bin with --http on a free port and connects over Streamable HTTP. */
export async function startHttpMessenger(env: Record<string, string>): Promise<{
  url: string;
  connect(headers?: Record<string, string>): Promise<Client>;
  close(): Promise<void>;
}> {
  const child = spawn(process.execPath, [MESSENGER_BIN, '--http'], {
    env: baseEnv({ MCP_PORT_A: '0', LOG_LEVEL: 'info', ...env }),
    cwd: emptyDir(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`messenger exited with ${code}: ${stderr}`)));
  });
  const clients: Client[] = [];
  return {
    url,
    async connect(headers = {}) {
      const client = new Client({ name: 'e2e-http', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) await client.close().catch(() => {});
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
