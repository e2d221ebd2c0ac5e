import { ErrorBodySchema } from '@org/contracts';
import { parseResponderConfig, type RunningResponder, startResponder } from '@org/responder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from './helpers';

// A table of hostile requests against a real listening responder (startResponder: the same wiring as the app,
// on 127.0.0.1 port 0). Each must get the expected 4xx in the contracts' error body, naming the field.

let running: RunningResponder;
beforeAll(async () => {
  const config = parseResponderConfig({
    AI_PROVIDER: 'mock',
    LEDGER: 'memory',
    HTTP_PORT: '0',
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'silent',
  });
  running = await startResponder(config);
});
afterAll(async () => {
  await running?.close();
});

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  status: number;
  code?: string;
  field?: string;
}

const JSON_CT = 'application/json';
const msg = (extra: string) => `{"message":"hello"${extra}}`;
const big = (n: number) => 'x'.repeat(n);

const CASES: Case[] = [
  {
    name: 'invalid JSON',
    method: 'POST',
    path: '/process',
    body: '{"message":',
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'trailing garbage',
    method: 'POST',
    path: '/process',
    body: `${msg('')}xyz`,
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'text/plain body',
    method: 'POST',
    path: '/process',
    body: 'hello',
    contentType: 'text/plain',
    status: 415,
  },
  {
    name: 'form body',
    method: 'POST',
    path: '/process',
    body: 'message=hi',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
  },
  { name: 'empty body', method: 'POST', path: '/process', body: '', status: 400 },
  {
    name: 'oversized body (2 MB)',
    method: 'POST',
    path: '/process',
    body: `{"message":"${big(2_000_000)}"}`,
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: '10 MB model name',
    method: 'POST',
    path: '/process',
    body: msg(`,"model":"${big(10_000_000)}"`),
    status: 413,
    code: 'payload_too_large',
  },
  { name: 'JSON array', method: 'POST', path: '/process', body: '[]', status: 400 },
  { name: 'JSON null', method: 'POST', path: '/process', body: 'null', status: 400 },
  { name: 'JSON string', method: 'POST', path: '/process', body: '"hello"', status: 400 },
  { name: 'missing message', method: 'POST', path: '/process', body: '{}', status: 400, field: 'message' },
  {
    name: 'message is a number',
    method: 'POST',
    path: '/process',
    body: '{"message":42}',
    status: 400,
    field: 'message',
  },
  {
    name: 'message is an object',
    method: 'POST',
    path: '/process',
    body: '{"message":{"a":1}}',
    status: 400,
    field: 'message',
  },
  {
    name: 'empty message',
    method: 'POST',
    path: '/process',
    body: '{"message":""}',
    status: 400,
    field: 'message',
  },
  {
    name: 'message over 10000 chars',
    method: 'POST',
    path: '/process',
    body: `{"message":"${big(10_001)}"}`,
    status: 400,
    field: 'message',
  },
  {
    name: 'NaN token',
    method: 'POST',
    path: '/process',
    body: msg(',"temperature":NaN'),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'Infinity token',
    method: 'POST',
    path: '/process',
    body: msg(',"max_tokens":Infinity'),
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'huge exponent (1e400 → Infinity)',
    method: 'POST',
    path: '/process',
    body: msg(',"temperature":1e400'),
    status: 400,
    field: 'temperature',
  },
  {
    name: 'temperature above 2',
    method: 'POST',
    path: '/process',
    body: msg(',"temperature":2.5'),
    status: 400,
    field: 'temperature',
  },
  {
    name: 'negative temperature',
    method: 'POST',
    path: '/process',
    body: msg(',"temperature":-0.1'),
    status: 400,
    field: 'temperature',
  },
  {
    name: 'temperature as string',
    method: 'POST',
    path: '/process',
    body: msg(',"temperature":"0.5"'),
    status: 400,
    field: 'temperature',
  },
  {
    name: 'negative max_tokens',
    method: 'POST',
    path: '/process',
    body: msg(',"max_tokens":-1'),
    status: 400,
    field: 'max_tokens',
  },
  {
    name: 'zero max_tokens',
    method: 'POST',
    path: '/process',
    body: msg(',"max_tokens":0'),
    status: 400,
    field: 'max_tokens',
  },
  {
    name: 'huge max_tokens',
    method: 'POST',
    path: '/process',
    body: msg(',"max_tokens":1000000000000'),
    status: 400,
    field: 'max_tokens',
  },
  {
    name: 'fractional max_tokens',
    method: 'POST',
    path: '/process',
    body: msg(',"max_tokens":1.5'),
    status: 400,
    field: 'max_tokens',
  },
  {
    name: 'unknown field',
    method: 'POST',
    path: '/process',
    body: msg(',"foo":1'),
    status: 400,
    field: 'foo',
  },
  {
    name: '__proto__ key',
    method: 'POST',
    path: '/process',
    body: msg(',"__proto__":{"admin":true}'),
    status: 400,
  },
  {
    name: 'constructor.prototype key',
    method: 'POST',
    path: '/process',
    body: msg(',"constructor":{"prototype":{"admin":true}}'),
    status: 400,
  },
  {
    name: 'control character in message',
    method: 'POST',
    path: '/process',
    body: '{"message":"a\\u0001b"}',
    status: 400,
    field: 'message',
  },
  {
    name: 'unpaired surrogate in message',
    method: 'POST',
    path: '/process',
    body: '{"message":"a\\ud800b"}',
    status: 400,
    field: 'message',
  },
  {
    name: 'lone low surrogate in context',
    method: 'POST',
    path: '/process',
    body: msg(',"context":"\\udc00"'),
    status: 400,
    field: 'context',
  },
  {
    name: 'context as number',
    method: 'POST',
    path: '/process',
    body: msg(',"context":1'),
    status: 400,
    field: 'context',
  },
  {
    name: 'model with spaces',
    method: 'POST',
    path: '/process',
    body: msg(',"model":"gpt 4; rm -rf"'),
    status: 400,
    field: 'model',
  },
  {
    name: 'conversation_id path traversal',
    method: 'POST',
    path: '/process',
    body: msg(',"conversation_id":"../../etc/passwd"'),
    status: 400,
    field: 'conversation_id',
  },
  {
    name: '/stream invalid JSON',
    method: 'POST',
    path: '/stream',
    body: '{',
    status: 400,
    code: 'invalid_json',
  },
  {
    name: '/stream missing message',
    method: 'POST',
    path: '/stream',
    body: '{}',
    status: 400,
    field: 'message',
  },
  {
    name: '/stream bad max_tokens',
    method: 'POST',
    path: '/stream',
    body: msg(',"max_tokens":"many"'),
    status: 400,
    field: 'max_tokens',
  },
  {
    name: '/messages limit not a number',
    method: 'GET',
    path: '/messages?limit=abc',
    status: 400,
    field: 'limit',
  },
  { name: '/messages limit 0', method: 'GET', path: '/messages?limit=0', status: 400, field: 'limit' },
  {
    name: '/messages limit too large',
    method: 'GET',
    path: '/messages?limit=100000',
    status: 400,
    field: 'limit',
  },
  {
    name: '/messages negative offset',
    method: 'GET',
    path: '/messages?offset=-1',
    status: 400,
    field: 'offset',
  },
  { name: '/messages unknown parameter', method: 'GET', path: '/messages?foo=1', status: 400, field: 'foo' },
  {
    name: '/messages bad conversation_id',
    method: 'GET',
    path: '/messages?conversation_id=%2E%2E%2Fx',
    status: 400,
    field: 'conversation_id',
  },
  {
    name: 'PATCH /config unknown model',
    method: 'PATCH',
    path: '/config',
    body: '{"model":"no-such-model"}',
    status: 400,
    field: 'model',
  },
  { name: 'PATCH /config empty object', method: 'PATCH', path: '/config', body: '{}', status: 400 },
  {
    name: 'PATCH /config temperature 3',
    method: 'PATCH',
    path: '/config',
    body: '{"temperature":3}',
    status: 400,
    field: 'temperature',
  },
  {
    name: 'PUT /config invalid JSON',
    method: 'PUT',
    path: '/config',
    body: 'nope',
    status: 400,
    code: 'invalid_json',
  },
  {
    name: 'PUT /config unknown field',
    method: 'PUT',
    path: '/config',
    body: '{"apiKey":"x"}',
    status: 400,
    field: 'apiKey',
  },
  { name: 'wrong method DELETE /process', method: 'DELETE', path: '/process', status: 404 },
  { name: 'wrong method GET /process', method: 'GET', path: '/process', status: 404 },
  { name: 'wrong method POST /health', method: 'POST', path: '/health', body: '{}', status: 404 },
  { name: 'unknown route', method: 'GET', path: '/admin', status: 404, code: 'not_found' },
  { name: 'unknown route with traversal', method: 'GET', path: '/../../etc/passwd', status: 404 },
];

describe(`hostile HTTP input (${CASES.length} cases)`, () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('$name → $status', async (c) => {
    const response = await fetch(`${running.url}${c.path}`, {
      method: c.method,
      ...(c.body !== undefined && {
        body: c.body,
        headers: { 'content-type': c.contentType ?? JSON_CT },
      }),
    });
    const text = await response.text();
    expect(response.status, text.slice(0, 300)).toBe(c.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = ErrorBodySchema.parse(JSON.parse(text));
    expect(body.error.message.length).toBeGreaterThan(0);
    if (c.code !== undefined) expect(body.error.code).toBe(c.code);
    if (c.field !== undefined) {
      expect(body.error.details?.field).toBe(c.field);
      expect(body.error.message).toContain(c.field);
    }
    // The error never echoes a huge input back.
    expect(text.length).toBeLessThan(20_000);
  });

  it('the server stays healthy after the whole corpus', async () => {
    const res = await postJson(`${running.url}/process`, { message: 'still fine?' });
    expect(res.status).toBe(200);
    const health = (await (await fetch(`${running.url}/health`)).json()) as { status: string };
    expect(health.status).toBe('healthy');
    // No prototype was polluted by the __proto__/constructor cases.
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
