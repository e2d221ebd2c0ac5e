import { describe, expect, it } from 'vitest';
import { createPrettyLogStream, formatLogRecord } from './log-format';

// 16:27:12.674 local time, whatever the machine's time zone.
const TIME = new Date(2025, 0, 2, 16, 27, 12, 674).getTime();

describe('formatLogRecord', () => {
  it('writes a finished request as method, URL, status, duration and request id', () => {
    const line = formatLogRecord({
      level: 30,
      time: TIME,
      pid: 1,
      hostname: 'h',
      reqId: 'req-7',
      req: { method: 'POST', url: '/process' },
      res: { statusCode: 200 },
      responseTime: 3.1234,
      msg: 'request completed',
    });
    expect(line).toBe('16:27:12.674 INFO  POST /process 200 3.1ms req-7');
  });

  it('writes other entries as level, message and key=value fields, quoting values with spaces', () => {
    const line = formatLogRecord({
      level: 40,
      time: TIME,
      name: 'responder-http',
      msg: 'configuration updated',
      changed: ['temperature'],
      note: 'two words',
      count: 3,
    });
    expect(line).toBe(
      '16:27:12.674 WARN  configuration updated changed=["temperature"] note="two words" count=3',
    );
  });

  it("puts an error's message on the line and its stack below", () => {
    const error = new Error('provider exploded');
    const line = formatLogRecord({ level: 50, time: TIME, msg: 'responder call failed', err: error });
    const [first, ...rest] = line.split('\n');
    expect(first).toBe('16:27:12.674 ERROR responder call failed err="provider exploded"');
    expect(rest.join('\n')).toContain('    at ');
  });

  it('colours only when asked', () => {
    const entry = { level: 30, time: TIME, msg: 'hello' };
    expect(formatLogRecord(entry)).not.toContain('\x1b[');
    expect(formatLogRecord(entry, { color: true })).toContain('\x1b[32mINFO');
  });
});

describe('createPrettyLogStream', () => {
  it("turns pino's JSON lines into one readable line per request, and passes other text through", async () => {
    let out = '';
    const stream = createPrettyLogStream({ destination: { write: (text: string) => (out += text) } });
    const incoming = { level: 30, time: TIME, reqId: 'req-1', req: { method: 'GET', url: '/health' } };
    const completed = { level: 30, time: TIME, reqId: 'req-1', res: { statusCode: 200 }, responseTime: 0.5 };
    stream.write(`${JSON.stringify({ ...incoming, msg: 'incoming request' })}\n`);
    // A line split across two writes is still one line.
    const text = `${JSON.stringify({ ...completed, msg: 'request completed' })}\nnot json\n`;
    stream.write(text.slice(0, 20));
    stream.write(text.slice(20));
    await new Promise<void>((resolve) => stream.end(resolve));
    expect(out).toBe('16:27:12.674 INFO  GET /health 200 0.5ms req-1\nnot json\n');
  });
});
