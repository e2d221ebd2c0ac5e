import { describe, expect, it } from 'vitest';
import { getModelEntry, resolveModel } from './index';

describe('resolveModel', () => {
  it('resolves canonical ids and case-insensitive aliases', () => {
    expect(resolveModel('gpt-4o')?.id).toBe('gpt-4o');
    expect(resolveModel('anthropic.claude-3-5-sonnet-20241022-v2:0')?.provider).toBe('bedrock');
    expect(resolveModel('claude-3.5-sonnet-v2')?.id).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
    expect(resolveModel('Claude-3.5-Sonnet')?.id).toBe('anthropic.claude-3-5-sonnet-20240620-v1:0');
    expect(resolveModel('claude-3.5-haiku')?.id).toBe('anthropic.claude-3-5-haiku-20241022-v1:0');
    expect(resolveModel('claude-3-sonnet')?.id).toBe('anthropic.claude-3-sonnet-20240229-v1:0');
    expect(resolveModel('claude-3-haiku')?.id).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(resolveModel('claude-3-opus')?.id).toBe('anthropic.claude-3-opus-20240229-v1:0');
    expect(resolveModel('claude-sonnet-4')?.id).toBe('anthropic.claude-sonnet-4-20250514-v1:0');
    expect(resolveModel('claude-sonnet-4.5')?.id).toBe('anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(resolveModel('nova-pro')?.id).toBe('amazon.nova-pro-v1:0');
    expect(resolveModel('  gpt-4o  ')?.id).toBe('gpt-4o');
  });

  it('maps an alias to the canonical id as requestId', () => {
    expect(resolveModel('claude-3.5-sonnet-v2')?.requestId).toBe('anthropic.claude-3-5-sonnet-20241022-v2:0');
  });

  it('resolves dated OpenAI snapshots to the longest matching base and keeps the snapshot as requestId', () => {
    expect(resolveModel('gpt-4o-2024-08-06')).toMatchObject({ id: 'gpt-4o', requestId: 'gpt-4o-2024-08-06' });
    expect(resolveModel('gpt-4o-mini-2024-07-18')?.id).toBe('gpt-4o-mini');
    expect(resolveModel('gpt-4.1-mini-2025-04-14')?.id).toBe('gpt-4.1-mini');
    expect(resolveModel('gpt-4-turbo-2024-04-09')?.id).toBe('gpt-4-turbo');
    expect(resolveModel('gpt-4-0613')?.id).toBe('gpt-4');
    expect(resolveModel('gpt-3.5-turbo-0125')?.id).toBe('gpt-3.5-turbo');
    expect(resolveModel('o3-mini-2025-01-31')?.id).toBe('o3-mini');
    expect(resolveModel('gpt-5-nano-2025-08-07')?.id).toBe('gpt-5-nano');
  });

  it('resolves Bedrock inference-profile ids, recording the profile and keeping the prefix in requestId', () => {
    for (const prefix of ['us', 'eu', 'apac', 'global', 'us-gov', 'jp', 'au'] as const) {
      const resolved = resolveModel(`${prefix}.anthropic.claude-sonnet-4-20250514-v1:0`);
      expect(resolved).toMatchObject({
        id: 'anthropic.claude-sonnet-4-20250514-v1:0',
        provider: 'bedrock',
        profile: prefix,
        requestId: `${prefix}.anthropic.claude-sonnet-4-20250514-v1:0`,
      });
    }
    expect(resolveModel('us.amazon.nova-pro-v1:0')?.id).toBe('amazon.nova-pro-v1:0');
    expect(resolveModel('us.meta.llama3-1-70b-instruct-v1:0')?.id).toBe('meta.llama3-1-70b-instruct-v1:0');
  });

  it('returns undefined for unknown names, unknown prefixes, aliases under a prefix and OpenAI-style dates on Bedrock ids', () => {
    expect(resolveModel('gpt-7')).toBeUndefined();
    expect(resolveModel('')).toBeUndefined();
    expect(resolveModel('xx.anthropic.claude-sonnet-4-20250514-v1:0')).toBeUndefined();
    expect(resolveModel('us.claude-sonnet-4')).toBeUndefined();
    expect(resolveModel('us.gpt-4o')).toBeUndefined();
    expect(resolveModel('claude-3-haiku-2024-03-07')).toBeUndefined();
    expect(resolveModel('gpt-4o-2024')).toBeUndefined();
  });

  it('getModelEntry finds ids and aliases but not snapshots', () => {
    expect(getModelEntry('nova-lite')?.id).toBe('amazon.nova-lite-v1:0');
    expect(getModelEntry('gpt-4o-2024-08-06')).toBeUndefined();
  });
});
