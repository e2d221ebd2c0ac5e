import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectStdio, emptyDir } from './spawn-messenger';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('the packed messenger-mcp', () => {
  it('installs from its tarball into an empty folder with npm and answers initialize and tools/list', async () => {
    const packDir = emptyDir();
    execFileSync('pnpm', ['pack', '--pack-destination', packDir], { cwd: APP_DIR, stdio: 'ignore' });
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const installDir = emptyDir();
    execFileSync('npm', ['init', '-y'], { cwd: installDir, stdio: 'ignore' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(packDir, tarball!)], {
      cwd: installDir,
      stdio: 'ignore',
    });
    // Nothing but our own package: everything is bundled.
    expect(readdirSync(join(installDir, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual([
      'messenger-mcp',
    ]);
    const bin = join(installDir, 'node_modules', '.bin', 'messenger-mcp');
    const m = await connectStdio({ SERVER_B_URL: 'http://127.0.0.1:9' }, bin, []);
    try {
      expect(m.client.getServerVersion()?.name).toBe('messenger-server');
      expect((await m.client.listTools()).tools).toHaveLength(7);
    } finally {
      await m.close();
    }
  }, 120_000);
});
