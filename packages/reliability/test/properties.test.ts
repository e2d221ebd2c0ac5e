import { createProvider } from '@org/ai-providers';
import { createProcessRequestSchema, ProcessResponseSchema } from '@org/contracts';
import { createMemoryLedger } from '@org/ledger';
import { estimateCost, listModelEntries, resolveModel } from '@org/pricing';
import { createResponderApp, createResponderService } from '@org/responder';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Properties across packages: pricing is monotone and never negative; whatever the contracts accept, the HTTP
// route accepts too (no 500 and no 400 for a body the schema said was fine).

const modelIds = listModelEntries().map((entry) => entry.id);
const tokens = fc.integer({ min: 0, max: 10_000_000 });

describe('pricing', () => {
  it('cost is never negative and is priced for every table model', () => {
    fc.assert(
      fc.property(fc.constantFrom(...modelIds), tokens, tokens, (model, inputTokens, outputTokens) => {
        const cost = estimateCost(model, { inputTokens, outputTokens });
        expect(cost.usd).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(cost.usd)).toBe(true);
        expect(cost.priced).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('cost grows (weakly) with input and with output tokens', () => {
    fc.assert(
      fc.property(fc.constantFrom(...modelIds), tokens, tokens, tokens, (model, a, b, extra) => {
        const base = estimateCost(model, { inputTokens: a, outputTokens: b }).usd;
        expect(estimateCost(model, { inputTokens: a + extra, outputTokens: b }).usd).toBeGreaterThanOrEqual(
          base,
        );
        expect(estimateCost(model, { inputTokens: a, outputTokens: b + extra }).usd).toBeGreaterThanOrEqual(
          base,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('unknown models are unpriced (cost 0, priced false), never guessed', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^zz-[a-z0-9-]{1,20}$/),
        tokens,
        tokens,
        (model, inputTokens, outputTokens) => {
          fc.pre(resolveModel(model) === undefined);
          const cost = estimateCost(model, { inputTokens, outputTokens });
          expect(cost).toMatchObject({ usd: 0, priced: false });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('contracts ⇒ HTTP route', () => {
  let app: Awaited<ReturnType<typeof createResponderApp>>;
  beforeAll(async () => {
    const ledger = createMemoryLedger();
    const service = createResponderService({
      provider: createProvider({ provider: 'mock', latencyMs: 0 }),
      ledger,
      defaults: { temperature: 0.7, maxTokens: 1000 },
    });
    app = await createResponderApp({ service, rateLimit: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  // Text that is valid for the contracts (printable, tabs/newlines allowed, any valid Unicode incl. emoji).
  const text = (min: number, max: number) =>
    fc
      .string({
        unit: fc.constantFrom('a', 'Z', '9', ' ', '\n', '\t', 'é', '日', '😀', '"', '\\', '<', '{'),
        minLength: min,
        maxLength: max,
      })
      .filter((value) => value.length >= min && value.length <= max);
  const body = fc.record(
    {
      message: text(1, 300),
      context: text(0, 200),
      model: fc.constantFrom('mock-model', 'mock-fast', 'mock-1'),
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      max_tokens: fc.integer({ min: 1, max: 128_000 }),
      conversation_id: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
    },
    { requiredKeys: ['message'] },
  );
  const schema = createProcessRequestSchema();

  it('50 generated bodies the schema accepts all get 200 from /process and /stream', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (request) => {
        fc.pre(schema.safeParse(request).success);
        const processed = await app.inject({ method: 'POST', url: '/process', payload: request });
        expect(processed.statusCode, processed.body).toBe(200);
        expect(ProcessResponseSchema.safeParse(processed.json()).success).toBe(true);
        const streamed = await app.inject({ method: 'POST', url: '/stream', payload: request });
        expect(streamed.statusCode).toBe(200);
        expect(streamed.body).toContain('data: [DONE]');
      }),
      { numRuns: 50 },
    );
  });
});
