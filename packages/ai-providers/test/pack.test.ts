import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Packs @org/pricing and @org/ai-providers as they would be published, installs both tarballs with npm into an
// empty directory, and runs the mock provider from a plain ESM script: proves the exports map, the built files
// and the rewritten `workspace:*` dependency work outside the monorepo.
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pricingDir = resolve(packageDir, '../pricing');
const repoRoot = resolve(packageDir, '../..');
const work = mkdtempSync(join(tmpdir(), 'ai-providers-pack-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('published package', () => {
  it('installs from tarballs and runs the mock provider from plain ESM', { timeout: 300_000 }, () => {
    const tsdown = join(repoRoot, 'node_modules/.bin/tsdown');
    const tarballs = join(work, 'tarballs');
    for (const dir of [pricingDir, packageDir]) {
      run(tsdown, [], dir);
      run('npx', ['pnpm@12.4.2', 'pack', '--pack-destination', tarballs], dir);
    }
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    expect(files).toHaveLength(2);

    const app = join(work, 'app');
    run('mkdir', ['-p', app], work);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...files], app);
    expect(existsSync(join(app, 'node_modules/@org/ai-providers/dist/index.d.ts'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/@org/pricing/dist/index.js'))).toBe(true);

    writeFileSync(
      join(app, 'main.mjs'),
      [
        "import { createProvider, isProviderError } from '@org/ai-providers';",
        "const provider = createProvider({ provider: 'mock' });",
        "const result = await provider.complete({ messages: [{ role: 'user', content: 'packed' }] });",
        "const openai = createProvider({ provider: 'openai' });",
        "const error = await openai.complete({ messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);",
        'process.stdout.write(JSON.stringify({ text: result.text, kind: isProviderError(error) && error.kind,',
        '  models: (await openai.listModels()).length }));',
      ].join('\n'),
    );
    const output = JSON.parse(run('node', ['main.mjs'], app)) as {
      text: string;
      kind: string;
      models: number;
    };
    expect(output.text).toBe(
      "[MOCK RESPONSE #1] You said: 'packed'. This is a test response without calling any external API.",
    );
    expect(output.kind).toBe('auth');
    expect(output.models).toBeGreaterThan(0);
  });
});
