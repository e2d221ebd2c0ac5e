import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../../..');
export const RESPONDER_HTTP = join(ROOT, 'apps/responder-http/dist/main.js');
export const RESPONDER_MCP = join(ROOT, 'apps/responder-mcp/dist/main.js');
export const MESSENGER_MCP = join(ROOT, 'apps/messenger-mcp/dist/main.js');
export const SOAK_SCRIPT = join(ROOT, 'scripts/soak.mjs');

export function tempDir(prefix = 'reliability-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Environment for a child: only what we pass, plus PATH/HOME, so the developer's .env or keys never leak in. */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: tempDir('home-'),
    LOG_LEVEL: 'info',
    ...extra,
  };
}

export interface SpawnedResponder {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far (stderr + stdout). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns the built responder-http with HTTP_PORT=0 and resolves once it prints its URL. */
export async function spawnResponder(
  env: Record<string, string>,
  options: { cwd?: string; script?: string } = {},
): Promise<SpawnedResponder> {
  const cwd = options.cwd ?? tempDir('cwd-');
  const child = spawn(process.execPath, [options.script ?? RESPONDER_HTTP], {
    cwd,
    env: childEnv({ HTTP_PORT: '0', RATE_LIMIT_MAX: '0', ...env }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`responder did not start within 15 s:\n${out}`)), 15_000);
    const onData = () => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    void exited.then((result) => {
      clearTimeout(timer);
      reject(new Error(`responder exited (${JSON.stringify(result)}) before listening:\n${out}`));
    });
  });
  return {
    url,
    child,
    output: () => out,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs a process to completion and returns its exit code and combined output. */
export function runToExit(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { env: childEnv(env), cwd: tempDir('cwd-') });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, output });
    });
  });
}

export interface McpChild {
  client: Client;
  /** What the server wrote to stderr (its log). */
  stderr(): string;
  close(): Promise<void>;
}

/** A real MCP client talking over stdio to a spawned server script. */
export async function connectMcp(script: string, env: Record<string, string>): Promise<McpChild> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [script],
    env: childEnv(env),
    cwd: tempDir('cwd-'),
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const client = new Client({ name: 'reliability-tests', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    stderr: () => err,
    close: () => client.close(),
  };
}

export interface SseEvent {
  raw: string;
  data: unknown;
}

/** Reads a whole SSE response into its `data:` events (`[DONE]` kept as the string). */
export async function readSse(response: Response): Promise<SseEvent[]> {
  const text = await response.text();
  return parseSse(text);
}

export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    const line = block.split('\n').find((l) => l.startsWith('data: '));
    if (line === undefined) continue;
    const raw = line.slice(6);
    let data: unknown = raw;
    try {
      data = JSON.parse(raw);
    } catch {
      data = raw;
    }
    events.push({ raw, data });
  }
  return events;
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** One entry of `GET /messages`, as far as these tests read it. */
export interface MessageEntry {
  message: string;
  conversationId: string;
  status: string;
  aiResponse?: string;
  error?: { code: string; message: string };
}
export interface MessagesPage {
  total: number;
  messages: MessageEntry[];
}

export async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { headers });
  return (await response.json()) as T;
}

/** Text of an MCP tool result's content blocks. */
export function toolText(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((block) => block.text ?? '').join('\n');
}
