export interface GracefulShutdownOptions {
  appName: string;
  /** Drains in-flight work and flushes state; the process exits 0 when it resolves. */
  close: () => Promise<void>;
  /** Longest wait for `close` before the process exits anyway (code 1). */
  timeoutMs?: number;
}

/**
 * SIGTERM/SIGINT start one graceful close; a second signal, or a close that outlasts the bound,
 * exits at once with code 1 (a supervisor or a user pressing Ctrl-C twice wants the process gone).
 * Returns the trigger so other reasons (stdin closed) can start the same shutdown; those never force.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): (reason: string) => void {
  const { appName, close, timeoutMs = 10_000 } = options;
  let stopping = false;

  const shutdown = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${appName}: ${reason}, shutting down\n`);
    const timer = setTimeout(() => {
      process.stderr.write(`${appName}: did not stop within ${timeoutMs} ms, exiting\n`);
      process.exit(1);
    }, timeoutMs);
    close().then(
      () => {
        clearTimeout(timer);
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        process.stderr.write(`${appName}: error while shutting down: ${describeError(error)}\n`);
        process.exit(1);
      },
    );
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`${appName}: received ${signal} again, exiting now\n`);
      process.exit(1);
    }
    shutdown(`received ${signal}`);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return shutdown;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
