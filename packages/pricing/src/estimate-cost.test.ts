import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateCost, listModelEntries } from './index';

describe('estimateCost', () => {
  it('prices input and output per 1M tokens (gpt-4o is $2.50 / $10)', () => {
    expect(estimateCost('gpt-4o', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toEqual({
      usd: 12.5,
      priced: true,
    });
    expect(estimateCost('gpt-4o-mini', { inputTokens: 1000, outputTokens: 500 })).toEqual({
      usd: 0.00045,
      priced: true,
    });
  });

  it('charges cached input tokens, a subset of input, at the cached price', () => {
    // 1M input of which 400k cached: 600k * 2.50 + 400k * 1.25 = 1.50 + 0.50
    expect(
      estimateCost('gpt-4o', { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 400_000 }).usd,
    ).toBe(2);
  });

  it('charges cached tokens at the input price when the model lists no cached price', () => {
    expect(estimateCost('gpt-4', { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 1000 }).usd).toBe(
      0.03,
    );
  });

  it('reports an unknown model as unpriced, never as a priced $0', () => {
    expect(estimateCost('gpt-7', { inputTokens: 1000, outputTokens: 1000 })).toEqual({
      usd: 0,
      priced: false,
    });
  });

  it('prices snapshots and profile ids like their base model', () => {
    const usage = { inputTokens: 12_345, outputTokens: 678 };
    expect(estimateCost('gpt-4o-2024-08-06', usage)).toEqual(estimateCost('gpt-4o', usage));
    expect(estimateCost('us.anthropic.claude-sonnet-4-20250514-v1:0', usage)).toEqual(
      estimateCost('claude-sonnet-4', usage),
    );
  });

  it('uses globalPrice for global. profiles and the regional price otherwise', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000 };
    expect(estimateCost('global.anthropic.claude-sonnet-4-5-20250929-v1:0', usage).usd).toBe(18);
    expect(estimateCost('us.anthropic.claude-sonnet-4-5-20250929-v1:0', usage).usd).toBe(19.8);
    expect(estimateCost('eu.anthropic.claude-haiku-4-5-20251001-v1:0', usage).usd).toBe(6.6);
    expect(estimateCost('global.anthropic.claude-haiku-4-5-20251001-v1:0', usage).usd).toBe(6);
    // A model without a distinct global price costs the same either way.
    expect(estimateCost('global.anthropic.claude-sonnet-4-20250514-v1:0', usage).usd).toBe(18);
  });

  it('rounds away float noise', () => {
    expect(estimateCost('gpt-4.1-nano', { inputTokens: 3, outputTokens: 0 }).usd).toBe(0.0000003);
  });

  it('rejects NaN, infinite and negative token counts and cached > input with RangeError', () => {
    const bad = [
      { inputTokens: Number.NaN, outputTokens: 0 },
      { inputTokens: -1, outputTokens: 0 },
      { inputTokens: 0, outputTokens: Number.POSITIVE_INFINITY },
      { inputTokens: 10, outputTokens: 0, cachedInputTokens: -1 },
      { inputTokens: 10, outputTokens: 0, cachedInputTokens: 11 },
    ];
    for (const usage of bad) {
      expect(() => estimateCost('gpt-4o', usage)).toThrow(RangeError);
      expect(() => estimateCost('unknown-model', usage)).toThrow(RangeError);
    }
  });
});

describe('estimateCost properties', () => {
  const ids = listModelEntries().map((entry) => entry.id);
  const prefixed = [
    'global.anthropic.claude-opus-4-5-20251101-v1:0',
    'us.amazon.nova-lite-v1:0',
    'gpt-4o-2024-11-20',
  ];
  const model = fc.constantFrom(...ids, ...prefixed);
  const tokens = fc.integer({ min: 0, max: 50_000_000 });

  it('is never negative', () => {
    fc.assert(
      fc.property(model, tokens, tokens, (id, input, output) => {
        expect(estimateCost(id, { inputTokens: input, outputTokens: output }).usd).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('never decreases when input or output tokens grow', () => {
    fc.assert(
      fc.property(model, tokens, tokens, tokens, tokens, (id, input, output, moreIn, moreOut) => {
        const base = estimateCost(id, { inputTokens: input, outputTokens: output }).usd;
        expect(
          estimateCost(id, { inputTokens: input + moreIn, outputTokens: output }).usd,
        ).toBeGreaterThanOrEqual(base);
        expect(
          estimateCost(id, { inputTokens: input, outputTokens: output + moreOut }).usd,
        ).toBeGreaterThanOrEqual(base);
      }),
    );
  });

  it('never costs more with part of the input cached', () => {
    fc.assert(
      fc.property(model, tokens, fc.double({ min: 0, max: 1, noNaN: true }), (id, input, share) => {
        const cached = Math.floor(input * share);
        const withCache = estimateCost(id, {
          inputTokens: input,
          outputTokens: 0,
          cachedInputTokens: cached,
        }).usd;
        expect(withCache).toBeLessThanOrEqual(estimateCost(id, { inputTokens: input, outputTokens: 0 }).usd);
      }),
    );
  });

  it('reports unknown models as unpriced', () => {
    const unknown = fc
      .string()
      .filter((name) => !ids.some((id) => id.toLowerCase() === name.trim().toLowerCase()));
    fc.assert(
      fc.property(fc.constantFrom('zz-', 'unknown/', 'nope.'), unknown, tokens, (prefix, name, input) => {
        expect(estimateCost(prefix + name, { inputTokens: input, outputTokens: input })).toEqual({
          usd: 0,
          priced: false,
        });
      }),
    );
  });
});
