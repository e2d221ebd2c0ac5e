import { describe, expect, it } from 'vitest';
import { listModelEntries, MODEL_TABLE, PricingTable, resolveModel } from './index';

describe('MODEL_TABLE', () => {
  it('gives every row an https source and a YYYY-MM-DD check date', () => {
    for (const entry of MODEL_TABLE) {
      expect(entry.source, entry.id).toMatch(/^https:\/\//);
      expect(entry.checked, entry.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('has no id or alias used twice (case-insensitive)', () => {
    const names = MODEL_TABLE.flatMap((entry) =>
      [entry.id, ...entry.aliases].map((name) => name.toLowerCase()),
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it('rejects a table with a duplicate alias', () => {
    const [first, second] = MODEL_TABLE;
    if (!first || !second) throw new Error('table too small');
    expect(() => new PricingTable([first, { ...second, aliases: [first.id.toUpperCase()] }])).toThrow(
      /Duplicate/,
    );
  });

  it('has non-negative prices, cached input never above input', () => {
    for (const entry of MODEL_TABLE) {
      for (const price of [entry.price, entry.globalPrice]) {
        if (!price) continue;
        expect(price.input).toBeGreaterThanOrEqual(0);
        expect(price.output).toBeGreaterThanOrEqual(0);
        expect(price.cachedInput ?? price.input).toBeLessThanOrEqual(price.input);
      }
    }
  });

  it('covers the models the issue lists', () => {
    const required = [
      'gpt-4',
      'gpt-4-turbo',
      'gpt-4o',
      'gpt-4o-mini',
      'gpt-3.5-turbo',
      'gpt-4.1',
      'gpt-4.1-mini',
      'gpt-4.1-nano',
      'o1',
      'o1-mini',
      'o3',
      'o3-mini',
      'o4-mini',
      'gpt-5',
      'gpt-5-mini',
      'gpt-5-nano',
      'claude-3-haiku',
      'claude-3-sonnet',
      'claude-3-opus',
      'claude-3.5-sonnet',
      'claude-3.5-sonnet-v2',
      'claude-3.5-haiku',
      'claude-3.7-sonnet',
      'claude-sonnet-4',
      'claude-opus-4',
      'claude-opus-4.1',
      'claude-sonnet-4.5',
      'claude-haiku-4.5',
      'claude-opus-4.5',
      'nova-micro',
      'nova-lite',
      'nova-pro',
      'nova-premier',
      'meta.llama3-1-8b-instruct-v1:0',
      'meta.llama3-1-70b-instruct-v1:0',
      'meta.llama3-1-405b-instruct-v1:0',
      'meta.llama3-2-1b-instruct-v1:0',
      'meta.llama3-2-3b-instruct-v1:0',
      'meta.llama3-2-11b-instruct-v1:0',
      'meta.llama3-2-90b-instruct-v1:0',
      'meta.llama3-3-70b-instruct-v1:0',
      'mistral.mistral-7b-instruct-v0:2',
      'mistral.mixtral-8x7b-instruct-v0:1',
      'mistral.mistral-small-2402-v1:0',
    ];
    for (const name of required) expect(resolveModel(name), name).toBeDefined();
  });

  it('marks o-series and the gpt-5 family as max_completion_tokens without temperature', () => {
    for (const entry of listModelEntries('openai')) {
      const reasoning = /^(o\d|gpt-5)/.test(entry.id);
      expect(entry.tokenLimitParam, entry.id).toBe(reasoning ? 'max_completion_tokens' : 'max_tokens');
      expect(entry.acceptsTemperature, entry.id).toBe(!reasoning);
    }
  });

  it('marks newer Claude as refusing temperature together with top_p, older Claude as accepting it', () => {
    const refuses = [
      'claude-sonnet-4.5',
      'claude-haiku-4.5',
      'claude-opus-4.1',
      'claude-opus-4.5',
      'claude-opus-4.6',
    ];
    for (const name of refuses)
      expect(resolveModel(name)?.entry.acceptsTemperatureWithTopP, name).toBe(false);
    for (const name of ['claude-3.5-sonnet-v2', 'claude-3.7-sonnet', 'claude-sonnet-4']) {
      expect(resolveModel(name)?.entry.acceptsTemperatureWithTopP, name).toBe(true);
    }
  });

  it('marks profile-only Bedrock models as requiring an inference profile', () => {
    for (const name of [
      'claude-3.7-sonnet',
      'claude-sonnet-4',
      'claude-sonnet-4.5',
      'nova-premier',
      'llama-3.2-1b',
      'llama-3.3-70b',
    ]) {
      expect(resolveModel(name)?.entry.requiresInferenceProfile, name).toBe(true);
    }
    expect(resolveModel('nova-pro')?.entry.requiresInferenceProfile).toBeUndefined();
  });

  it('lists by provider', () => {
    expect(listModelEntries('openai').every((entry) => entry.provider === 'openai')).toBe(true);
    expect(listModelEntries('bedrock').length + listModelEntries('openai').length).toBe(
      listModelEntries().length,
    );
  });
});
