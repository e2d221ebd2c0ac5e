import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPricingTable, isPricingFileError, loadPricingFile, type PricingFileError } from './index';

let dir: string;
let counter = 0;

async function writePricingFile(content: unknown): Promise<string> {
  counter += 1;
  const path = join(dir, `pricing-${counter}.json`);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function loadError(path: string): Promise<PricingFileError> {
  const error = await loadPricingFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPricingFileError(error)) throw new Error(`expected PricingFileError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pricing-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadPricingFile', () => {
  it('overrides the price of an existing model and adds new models with aliases', async () => {
    const path = await writePricingFile({
      models: [
        { id: 'gpt-4o', price: { input: 1, output: 2 } },
        {
          id: 'acme.model-v1:0',
          provider: 'bedrock',
          price: { input: 4, output: 8, cachedInput: 1 },
          aliases: ['acme'],
          source: 'https://example.com/acme',
          checked: '2026-11-01',
        },
      ],
    });
    const table = await loadPricingFile(path);
    expect(table.estimateCost('gpt-4o', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toEqual({
      usd: 3,
      priced: true,
    });
    const gpt4o = table.get('gpt-4o');
    expect(gpt4o?.source).toBe(`pricing file ${path}`);
    expect(gpt4o?.tokenLimitParam).toBe('max_tokens');
    expect(table.resolve('us.acme.model-v1:0')).toMatchObject({ id: 'acme.model-v1:0', profile: 'us' });
    expect(
      table.estimateCost('acme', { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 1_000_000 })
        .usd,
    ).toBe(1);
    expect(table.get('acme')?.checked).toBe('2026-11-01');
    // The default table is untouched.
    expect(defaultPricingTable.estimateCost('gpt-4o', { inputTokens: 1_000_000, outputTokens: 0 }).usd).toBe(
      2.5,
    );
    expect(defaultPricingTable.get('acme')).toBeUndefined();
  });

  it('keeps the rest of an overridden row and records capability overrides', async () => {
    const path = await writePricingFile({
      models: [{ id: 'gpt-4.1', acceptsTemperature: false, aliases: ['house-default'] }],
    });
    const table = await loadPricingFile(path);
    const entry = table.resolve('house-default')?.entry;
    expect(entry).toMatchObject({ id: 'gpt-4.1', acceptsTemperature: false, price: { input: 2, output: 8 } });
    expect(entry?.source).toMatch(/^https:/);
  });

  it('names the file and the failing field for a bad price', async () => {
    const path = await writePricingFile({
      models: [{ id: 'gpt-4o' }, { id: 'x', provider: 'openai', price: { input: -1, output: 2 } }],
    });
    const error = await loadError(path);
    expect(error.code).toBe('PRICING_FILE_INVALID');
    expect(error.field).toBe('models[1].price.input');
    expect(error.message).toContain(path);
    expect(error.message).toContain('models[1].price.input');
  });

  it('requires provider and price for a model not in the table', async () => {
    const noProvider = await writePricingFile({
      models: [{ id: 'new-model', price: { input: 1, output: 1 } }],
    });
    expect((await loadError(noProvider)).field).toBe('models[0].provider');
    const noPrice = await writePricingFile({ models: [{ id: 'new-model', provider: 'openai' }] });
    expect((await loadError(noPrice)).field).toBe('models[0].price');
  });

  it('rejects unknown fields, bad providers and bad dates', async () => {
    const unknownField = await writePricingFile({
      models: [{ id: 'gpt-4o', prise: { input: 1, output: 1 } }],
    });
    expect((await loadError(unknownField)).message).toContain('models[0]');
    const badProvider = await writePricingFile({
      models: [{ id: 'x', provider: 'azure', price: { input: 1, output: 1 } }],
    });
    expect((await loadError(badProvider)).field).toBe('models[0].provider');
    const badDate = await writePricingFile({ models: [{ id: 'gpt-4o', checked: 'yesterday' }] });
    expect((await loadError(badDate)).field).toBe('models[0].checked');
    const noModels = await writePricingFile({ model: [] });
    expect((await loadError(noModels)).message).toContain(noModels);
  });

  it('rejects an alias that another model already uses', async () => {
    const path = await writePricingFile({
      models: [{ id: 'x', provider: 'openai', price: { input: 1, output: 1 }, aliases: ['claude-3-haiku'] }],
    });
    expect((await loadError(path)).message).toMatch(/Duplicate model name "claude-3-haiku"/);
  });

  it('reports invalid JSON and missing files with the file name', async () => {
    const bad = await writePricingFile('{ "models": [ ');
    expect((await loadError(bad)).message).toMatch(/not valid JSON/);
    const missing = join(dir, 'does-not-exist.json');
    const error = await loadError(missing);
    expect(error.message).toContain(missing);
    expect(error.cause).toBeDefined();
  });
});
