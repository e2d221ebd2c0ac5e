import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir, spawnApp, startResponderHttp, stopApp } from './app-process';

// A request line of LOG_FORMAT=pretty: `16:27:12.674 INFO  GET /health 200 0.4ms req-1`.
const PRETTY_HEALTH_LINE = /^\d\d:\d\d:\d\d\.\d{3} INFO {2}GET \/health 200 \d+\.\dms req-\w+$/m;

describe('responder-http LOG_FORMAT', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('pretty: one readable line per request, no JSON, nothing on stdout', async () => {
    const app = await startResponderHttp({ LEDGER: 'memory', LOG_FORMAT: 'pretty' }, temp.dir);
    try {
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      await app.waitForStderr(PRETTY_HEALTH_LINE);
    } finally {
      expect(await stopApp(app)).toBe(0);
    }
    for (const line of app.stderr().trim().split('\n')) expect(line).not.toMatch(/^\s*\{/);
    // Fastify's "incoming request" entry is folded into the completed line.
    expect(app.stderr()).not.toContain('incoming request');
    // No colours: stderr is a pipe here.
    expect(app.stderr()).not.toContain('\x1b[');
    expect(app.stdout()).toBe('');
  });

  it('unset with stderr piped: JSON lines, as a log collector expects', async () => {
    const app = await startResponderHttp({ LEDGER: 'memory' }, temp.dir);
    try {
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      await app.waitForStderr(/"msg":"request completed"/);
    } finally {
      expect(await stopApp(app)).toBe(0);
    }
    const json = app
      .stderr()
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg?: string; res?: { statusCode?: number } });
    expect(json.find((entry) => entry.msg === 'request completed')?.res?.statusCode).toBe(200);
    expect(app.stderr()).not.toMatch(PRETTY_HEALTH_LINE);
  });

  it('a bad LOG_FORMAT stops start-up with one stderr line naming it', async () => {
    const app = spawnApp([], { AI_PROVIDER: 'mock', HTTP_PORT: '0', LOG_FORMAT: 'xml' }, temp.dir);
    expect(await app.exited).toBe(1);
    const lines = app.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('LOG_FORMAT');
    expect(app.stdout()).toBe('');
  });
});
