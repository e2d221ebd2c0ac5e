import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const MAIN_JS = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** `responder-mcp serving MCP on <stdio|url>; HTTP API on <url> (provider: mock)` */
export const STARTUP_LINE =
  /responder-mcp serving MCP on (\S+); (?:HTTP API on (http:\/\/\S+)|HTTP API off) \(provider: (\w+)\)/;

/** Collects a stream's text and resolves waiters when it matches a pattern. */
export function watchText(stream: Readable) {
  let text = '';
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    text += chunk;
    for (const waiter of [...waiters]) {
      const match = text.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const ended = new Promise<void>((resolve) => stream.once('close', resolve));
  return {
    text: () => text,
    waitFor: (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const match = text.match(pattern);
        if (match) return resolve(match);
        waiters.push({ pattern, resolve });
        void ended.then(() => reject(new Error(`stream ended before ${pattern} appeared:\n${text}`)));
      }),
  };
}

/** Base environment of every run: mock provider, free ports, a ledger in the temp dir, HOME there too. */
export function baseEnv(dir: string): Record<string, string> {
  return {
    AI_PROVIDER: 'mock',
    HTTP_PORT: '0',
    LEDGER: 'file',
    LEDGER_PATH: join(dir, 'ledger.jsonl'),
    HOME: dir,
  };
}

export interface AppProcess {
  child: ChildProcess;
  stdout: ReturnType<typeof watchText>;
  stderr: ReturnType<typeof watchText>;
  exited: Promise<number | null>;
}

export function spawnApp(args: string[], env: Record<string, string>, cwd: string): AppProcess {
  const child = spawn(process.execPath, [MAIN_JS, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: watchText(child.stdout!), stderr: watchText(child.stderr!), exited };
}

export async function makeTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'responder-mcp-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
