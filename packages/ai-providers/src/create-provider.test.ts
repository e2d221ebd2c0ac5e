import { describe, expect, it } from 'vitest';
import { createProvider } from './create-provider';

describe('createProvider', () => {
  it('builds each provider without touching the network or requiring keys', () => {
    expect(createProvider({ provider: 'mock' }).name).toBe('mock');
    const openai = createProvider({ provider: 'openai' });
    expect(openai).toMatchObject({ name: 'openai', defaultModel: 'gpt-4o-mini' });
    const bedrock = createProvider({ provider: 'bedrock', defaultModel: 'claude-3.5-sonnet-v2' });
    expect(bedrock).toMatchObject({ name: 'bedrock', defaultModel: 'claude-3.5-sonnet-v2' });
  });
});
