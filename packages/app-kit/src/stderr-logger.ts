// pino's numeric levels, so these lines sort and filter with the HTTP app's own (pino) logs.
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** The shape of `@org/responder`'s `Logger`: fields first, then an optional message. */
export interface StderrLogger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** The service's logger: one JSON line per entry on stderr (stdout is never ours to write). */
export function createStderrLogger(level: string, name: string): StderrLogger {
  const threshold = LEVELS[level] ?? Number.POSITIVE_INFINITY;
  const write = (value: number) => (fields: object, message?: string) => {
    if (value < threshold) return;
    const line = {
      level: value,
      time: Date.now(),
      name,
      ...fields,
      ...(message !== undefined && { msg: message }),
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  };
  return { info: write(LEVELS.info!), warn: write(LEVELS.warn!), error: write(LEVELS.error!) };
}
