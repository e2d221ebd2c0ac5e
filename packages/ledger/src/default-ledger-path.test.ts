import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLedgerPath } from './default-ledger-path';
import { openLedger } from './open-ledger';
import { exchange } from './test-records';

describe('defaultLedgerPath', () => {
  it('uses $XDG_STATE_HOME on Linux', () => {
    expect(
      defaultLedgerPath('responder-http', {
        platform: 'linux',
        homedir: '/home/u',
        env: { XDG_STATE_HOME: '/xdg' },
      }),
    ).toBe('/xdg/mcp-communication/responder-http/ledger.jsonl');
  });

  it('falls back to ~/.local/state when XDG_STATE_HOME is unset, empty or relative', () => {
    for (const env of [{}, { XDG_STATE_HOME: '' }, { XDG_STATE_HOME: 'relative/dir' }]) {
      expect(defaultLedgerPath('messenger-mcp', { platform: 'linux', homedir: '/home/u', env })).toBe(
        '/home/u/.local/state/mcp-communication/messenger-mcp/ledger.jsonl',
      );
    }
  });

  it('uses Application Support on macOS', () => {
    expect(
      defaultLedgerPath('a', { platform: 'darwin', homedir: '/Users/u', env: { XDG_STATE_HOME: '/x' } }),
    ).toBe('/Users/u/Library/Application Support/mcp-communication/a/ledger.jsonl');
  });

  it('uses %LOCALAPPDATA% on Windows, else ~\\AppData\\Local', () => {
    expect(
      defaultLedgerPath('a', {
        platform: 'win32',
        homedir: 'C:\\Users\\u',
        env: { LOCALAPPDATA: 'D:\\Local' },
      }),
    ).toBe('D:\\Local\\mcp-communication\\a\\ledger.jsonl');
    expect(defaultLedgerPath('a', { platform: 'win32', homedir: 'C:\\Users\\u', env: {} })).toBe(
      'C:\\Users\\u\\AppData\\Local\\mcp-communication\\a\\ledger.jsonl',
    );
  });

  it('rejects app names that would escape the directory', () => {
    expect(() => defaultLedgerPath('../x', { platform: 'linux', homedir: '/h' })).toThrow(TypeError);
    expect(() => defaultLedgerPath('', { platform: 'linux', homedir: '/h' })).toThrow(TypeError);
  });
});

describe('openLedger', () => {
  it('opens a memory ledger', async () => {
    const ledger = await openLedger({ kind: 'memory' }, { appName: 'test' });
    await ledger.append(exchange());
    expect((await ledger.stats()).totalRequests).toBe(1);
    await ledger.close();
  });

  it('opens a file ledger at the default path when none is given, and it persists', async () => {
    const home = await mkdtemp(join(tmpdir(), 'open-ledger-'));
    const options = { appName: 'test-app', platform: 'linux' as const, homedir: home, env: {} };
    const first = await openLedger({ kind: 'file' }, options);
    await first.append(exchange({ message: 'kept' }));
    await first.close();
    const second = await openLedger({ kind: 'file', path: defaultLedgerPath('test-app', options) }, options);
    expect((await second.history()).records.map((r) => r.message)).toEqual(['kept']);
    await second.close();
    await rm(home, { recursive: true, force: true });
  });
});
