import { formatLogRecord, type LogFormat } from './log-format';

// pino's numeric levels, so these lines sort and filter with the HTTP app's own (pino) logs.
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** The shape of `@org/responder`'s `Logger`: fields first, then an optional message. */
export interface StderrLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export interface StderrLoggerOptions {
  /** `json` (default): one JSON line per entry; `pretty`: `formatLogRecord` lines. */
  format?: LogFormat;
  /** Colours in `pretty` (default false). */
  color?: boolean;
}

/** The service's logger: one line per entry on stderr (stdout is never ours to write). */
export function createStderrLogger(
  level: string,
  name: string,
  options: StderrLoggerOptions = {},
): StderrLogger {
  const threshold = LEVELS[level] ?? Number.POSITIVE_INFINITY;
  const pretty = options.format === 'pretty';
  const write = (value: number) => (fields: object, message?: string) => {
    if (value < threshold) return;
    const line = {
      level: value,
      time: Date.now(),
      name,
      ...fields,
      ...(message !== undefined && { msg: message }),
    };
    const text = pretty ? formatLogRecord(line, { color: options.color === true }) : JSON.stringify(line);
    process.stderr.write(`${text}\n`);
  };
  return {
    debug: write(LEVELS.debug!),
    info: write(LEVELS.info!),
    warn: write(LEVELS.warn!),
    error: write(LEVELS.error!),
  };
}
