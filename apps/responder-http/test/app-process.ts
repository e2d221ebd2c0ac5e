import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MAIN_JS = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (signals count as failures: null). */
  exited: Promise<number | null>;
  /** Resolves when stderr contains a line matching `pattern`, with the match. */
  waitForStderr: (pattern: RegExp) => Promise<RegExpMatchArray>;
}

/**
 * Spawns the built bin with a clean environment (no keys or settings leak in from the developer's shell)
 * in `cwd`, so no stray `.env` is loaded.
 */
export function spawnApp(args: string[], env: Record<string, string>, cwd: string): AppProcess {
  const child = spawn(process.execPath, [MAIN_JS, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of [...waiters]) {
      const match = stderr.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForStderr = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const match = stderr.match(pattern);
      if (match) return resolve(match);
      waiters.push({ pattern, resolve });
      void exited.then((code) =>
        reject(new Error(`exited (${code}) before stderr matched ${pattern}; stderr:\n${stderr}`)),
      );
    });
  return { child, stdout: () => stdout, stderr: () => stderr, exited, waitForStderr };
}

export const LISTENING_LINE = /responder-http listening on (http:\/\/\S+) \(provider: (\w+)\)/;

/** Starts the responder on a free port and resolves with its base URL once the startup line is out. */
export async function startResponderHttp(
  env: Record<string, string>,
  cwd: string,
): Promise<AppProcess & { url: string }> {
  const app = spawnApp([], { AI_PROVIDER: 'mock', HTTP_PORT: '0', ...env }, cwd);
  const match = await app.waitForStderr(LISTENING_LINE);
  return { ...app, url: match[1]! };
}

export async function stopApp(app: AppProcess): Promise<number | null> {
  if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGTERM');
  return app.exited;
}

export async function makeTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'responder-http-e2e-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
