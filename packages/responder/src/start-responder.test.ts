import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessResponseSchema } from '@org/contracts';
import { describe, expect, it } from 'vitest';
import { parseResponderConfig } from './config';
import { ConfigError } from './config-error';
import { startResponder } from './start-responder';

describe('startResponder', () => {
  it('listens, answers, and on close leaves every exchange in the file ledger', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'responder-'));
    try {
      const path = join(dir, 'ledger.jsonl');
      const config = parseResponderConfig({
        AI_PROVIDER: 'mock',
        HTTP_PORT: '0',
        LEDGER_PATH: path,
        LOG_LEVEL: 'silent',
      });
      const running = await startResponder(config);
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${running.url}/process`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'persist me' }),
      });
      ProcessResponseSchema.parse(await res.json());
      await running.close();
      await running.close();
      expect(await readFile(path, 'utf8')).toContain('persist me');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a non-loopback bind without a key', async () => {
    const config = parseResponderConfig({ AI_PROVIDER: 'mock', HTTP_HOST: '0.0.0.0', LEDGER: 'memory' });
    await expect(startResponder(config)).rejects.toBeInstanceOf(ConfigError);
  });
});
