import { Writable } from 'node:stream';

/** `json`: one pino-style JSON line per entry (for machines); `pretty`: one short readable line (for people). */
export type LogFormat = 'json' | 'pretty';
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

export interface FormatLogOptions {
  /** ANSI colours; the apps turn them on only when stderr is a TTY and NO_COLOR is unset. */
  color?: boolean;
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const LEVEL_COLORS: Record<number, string> = {
  10: '\x1b[90m',
  20: '\x1b[90m',
  30: '\x1b[32m',
  40: '\x1b[33m',
  50: '\x1b[31m',
  60: '\x1b[35m',
};
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

// Already on the line (time, level, message) or noise at a terminal (pid, hostname, pino's version).
const SHOWN_ELSEWHERE = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'v']);

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function levelName(level: unknown): string {
  if (typeof level === 'string') return level.toUpperCase();
  return (typeof level === 'number' && LEVEL_NAMES[level]) || String(level ?? 'INFO');
}

function show(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Object) return JSON.stringify(value);
  return String(value);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** Fastify's "request completed" entry as `POST /process 200 3.1ms req-7` (method and URL when known). */
function requestLine(entry: Record<string, unknown>): string | undefined {
  const res = record(entry.res);
  if (entry.msg !== 'request completed' || typeof res?.statusCode !== 'number') return undefined;
  const req = record(entry.req);
  const target = req !== undefined ? `${String(req.method)} ${String(req.url)} ` : '';
  const took = typeof entry.responseTime === 'number' ? ` ${entry.responseTime.toFixed(1)}ms` : '';
  const id = entry.reqId !== undefined ? ` ${String(entry.reqId)}` : '';
  return `${target}${res.statusCode}${took}${id}`;
}

/**
 * One log entry (a parsed pino line) as one readable line: `16:27:12.674 INFO  <msg> key=value …`, or for a
 * finished request `16:27:12.674 INFO  POST /process 200 3.1ms req-7`. An error's stack follows on its own lines.
 * It formats what it is given: redaction has already happened in pino.
 */
export function formatLogRecord(entry: Record<string, unknown>, options: FormatLogOptions = {}): string {
  const color = options.color === true;
  const level = levelName(entry.level);
  const time = clock(entry.time);
  const head = color
    ? `${DIM}${time}${RESET} ${LEVEL_COLORS[entry.level as number] ?? ''}${level.padEnd(5)}${RESET}`
    : `${time} ${level.padEnd(5)}`;
  const request = requestLine(entry);
  if (request !== undefined) return `${head} ${request}`;
  const parts = typeof entry.msg === 'string' && entry.msg !== '' ? [entry.msg] : [];
  let stack: string | undefined;
  for (const [key, value] of Object.entries(entry)) {
    if (SHOWN_ELSEWHERE.has(key) || value === undefined) continue;
    const err = key === 'err' ? record(value) : undefined;
    if (err !== undefined) {
      parts.push(`err=${show(err.message ?? err.type ?? err)}`);
      if (typeof err.stack === 'string') stack = err.stack;
      continue;
    }
    parts.push(`${key}=${show(value)}`);
  }
  const line = `${head} ${parts.join(' ')}`.trimEnd();
  return stack === undefined ? line : `${line}\n${stack.replace(/^/gm, '    ')}`;
}

export interface PrettyLogStreamOptions extends FormatLogOptions {
  /** Where readable lines go (default process.stderr; never stdout, which belongs to MCP stdio). */
  destination?: { write(text: string): unknown };
}

/** Requests whose "incoming" line we hold, to name them on their "completed" line; bounded in case one never ends. */
const MAX_OPEN_REQUESTS = 1000;

/**
 * A Writable taking pino's JSON lines (Fastify's `logger.stream`) and writing them as `formatLogRecord` lines.
 * Fastify's "incoming request" entry is folded into the "request completed" one (one line per request); lines
 * that are not JSON objects pass through unchanged.
 */
export function createPrettyLogStream(options: PrettyLogStreamOptions = {}): Writable {
  const destination = options.destination ?? process.stderr;
  const open = new Map<unknown, unknown>();
  let pending = '';
  const writeLine = (line: string) => {
    if (line.trim() === '') return;
    let entry: Record<string, unknown> | undefined;
    try {
      entry = record(JSON.parse(line));
    } catch {}
    if (entry === undefined) return void destination.write(`${line}\n`);
    if (entry.msg === 'incoming request' && entry.reqId !== undefined && entry.req !== undefined) {
      if (open.size >= MAX_OPEN_REQUESTS) open.delete(open.keys().next().value);
      open.set(entry.reqId, entry.req);
      return;
    }
    if (entry.msg === 'request completed' && entry.req === undefined && open.has(entry.reqId)) {
      entry = { ...entry, req: open.get(entry.reqId) };
    }
    if (entry.msg === 'request completed') open.delete(entry.reqId);
    destination.write(`${formatLogRecord(entry, options)}\n`);
  };
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, callback) {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) writeLine(line);
      callback();
    },
    final(callback) {
      writeLine(pending);
      pending = '';
      callback();
    },
  });
}
