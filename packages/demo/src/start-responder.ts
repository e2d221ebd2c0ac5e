import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunningResponder {
  url: string;
  provider: string;
  /** Everything the responder wrote to stderr, shown when the demo fails. */
  log: string[];
  stop(): Promise<void>;
}

const LISTENING = /listening on (http:\/\/\S+) \(provider: ([^)]+)\)/;

/**
 * Starts the built responder-http on a free port and waits for its "listening on" line on stderr,
 * the same line a person sees, so the demo learns the port the OS picked.
 */
export async function startResponder(
  mainPath: string,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<RunningResponder> {
  const child = spawn(process.execPath, [mainPath], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const log: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = () => stopChild(child, exited);

  try {
    const { url, provider } = await new Promise<{ url: string; provider: string }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`responder-http did not say "listening" within ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`responder-http exited during start-up (${signal ?? `code ${code}`})`));
      });
      createInterface({ input: child.stderr! }).on('line', (text) => {
        log.push(text);
        const match = LISTENING.exec(text);
        if (match?.[1] !== undefined && match[2] !== undefined) {
          clearTimeout(timer);
          resolve({ url: match[1], provider: match[2] });
        }
      });
    });
    return { url, provider, log, stop };
  } catch (error) {
    await stop();
    const tail = log.slice(-10).join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}${tail ? `\n${tail}` : ''}`);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(force);
}
