import { type FakeOpenAI, startFakeOpenAI } from '@org/test-fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  getJson,
  type MessagesPage,
  postJson,
  readSse,
  type SpawnedResponder,
  spawnResponder,
} from './helpers';

// Provider faults through the real responder-http process talking to the real OpenAI SDK against the fake.
const TIMEOUT_MS = 400;
let fake: FakeOpenAI;
let responder: SpawnedResponder;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  responder = await spawnResponder({
    AI_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test-faults',
    OPENAI_BASE_URL: fake.url,
    PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
    LEDGER: 'memory',
  });
});
afterAll(async () => {
  await responder?.kill('SIGTERM');
  await fake?.close();
});
beforeEach(() => {
  fake.setBehavior({ type: 'ok' });
});

/** Requests the fake saw for chat completions since `from`. */
const chatRequests = (from: number) =>
  fake.requests.slice(from).filter((r) => r.path.includes('/chat/completions'));

describe('provider stalls', () => {
  it('/process answers 504 provider_timeout soon after PROVIDER_TIMEOUT_MS and the ledger records a timeout', async () => {
    fake.setBehavior({ type: 'stall' });
    const seen = fake.requests.length;
    const started = Date.now();
    const res = await postJson(`${responder.url}/process`, { message: 'stall please' });
    // Bounded guard only: a hang would take the test timeout; the timeout must fire, not the socket.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ error: { code: 'provider_timeout' } });
    expect(chatRequests(seen)).toHaveLength(1);
    const page = await getJson<MessagesPage>(`${responder.url}/messages?limit=5`);
    const record = page.messages.find((m) => m.message === 'stall please');
    expect(record).toMatchObject({ status: 'timeout', error: { code: 'provider_timeout' } });
    // The responder gave up on the upstream call (no dangling socket on the provider side).
    expect(await chatRequests(seen)[0]?.settled).toBe('aborted');
  });

  it('/stream gets an error event and no [DONE]', async () => {
    fake.setBehavior({ type: 'stall' });
    const response = await fetch(`${responder.url}/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'stall the stream' }),
    });
    const events = await readSse(response);
    expect(events.map((e) => e.raw)).not.toContain('[DONE]');
    expect(events.at(-1)?.data).toMatchObject({ error: { code: 'provider_timeout' } });
    const page = await getJson<MessagesPage>(`${responder.url}/messages?limit=5`);
    const record = page.messages.find((m) => m.message === 'stall the stream');
    expect(record?.status).toBe('timeout');
  });
});

describe('provider refusals', () => {
  it('429 with Retry-After reaches the caller as 429 with Retry-After, after exactly one upstream request', async () => {
    fake.enqueueBehavior({ type: 'error', status: 429, retryAfterSeconds: 3 });
    const seen = fake.requests.length;
    const res = await postJson(`${responder.url}/process`, { message: 'rate limited' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.body).toMatchObject({ error: { code: 'rate_limited', details: { retryAfterSeconds: 3 } } });
    expect(chatRequests(seen)).toHaveLength(1);
  });

  it.each([
    [500, 503, 'provider_unavailable'],
    [503, 503, 'provider_unavailable'],
  ])('upstream %i → %i %s with a clear message, one upstream request', async (upstream, status, code) => {
    fake.enqueueBehavior({ type: 'error', status: upstream });
    const seen = fake.requests.length;
    const res = await postJson(`${responder.url}/process`, { message: `upstream ${upstream}` });
    expect(res.status).toBe(status);
    const body = res.body as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/openai provider is unavailable/i);
    expect(chatRequests(seen)).toHaveLength(1);
  });

  it('a refused key (401) is a 502 naming OPENAI_API_KEY, with no key material', async () => {
    fake.enqueueBehavior({
      type: 'error',
      status: 401,
      message: 'Incorrect API key provided: sk-test-faults',
    });
    const res = await postJson(`${responder.url}/process`, { message: 'bad key' });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ error: { code: 'provider_auth' } });
    expect(res.text).toContain('OPENAI_API_KEY');
    expect(res.text).not.toContain('sk-test-faults');
  });

  it('a stream cut by the provider ends with an error event, and the partial reply is kept as incomplete', async () => {
    fake.enqueueBehavior({ type: 'cut-stream', afterChunks: 2 });
    const response = await fetch(`${responder.url}/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'one two three four five six' }),
    });
    const events = await readSse(response);
    expect(events.map((e) => e.raw)).not.toContain('[DONE]');
    expect(events.at(-1)?.data).toHaveProperty('error');
    const page = await getJson<MessagesPage>(`${responder.url}/messages?limit=5`);
    const record = page.messages.find((m) => m.message === 'one two three four five six');
    // The fake destroys its socket right after writing, so how many chunks got through varies; the ledger must
    // agree with what the caller saw either way.
    const streamed = events
      .map((e) => (e.data as { content?: string }).content)
      .filter((c): c is string => c !== undefined)
      .join('');
    if (streamed === '') expect(record?.status).toBe('error');
    else expect(record).toMatchObject({ status: 'incomplete', aiResponse: streamed });
  });

  it('the server stays healthy after every fault', async () => {
    const res = await postJson(`${responder.url}/process`, { message: 'still there?' });
    expect(res.status).toBe(200);
  });
});
