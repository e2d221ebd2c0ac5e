import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAIN_JS, makeTempDir, spawnApp } from './app-process';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('responder-http command line', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('starts with a node shebang so npx can run the bin', () => {
    expect(readFileSync(MAIN_JS, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('--version prints the package version on stdout and exits 0', async () => {
    const app = spawnApp(['--version'], {}, temp.dir);
    expect(await app.exited).toBe(0);
    expect(app.stdout()).toBe(`${packageVersion}\n`);
  });

  it('--help lists the settings on stdout and exits 0', async () => {
    const app = spawnApp(['--help'], {}, temp.dir);
    expect(await app.exited).toBe(0);
    expect(app.stdout()).toContain('Usage: responder-http');
    expect(app.stdout()).toContain('HTTP_PORT');
    expect(app.stdout()).toContain('RESPONDER_API_KEY');
  });

  it('a bad environment variable stops start-up with one stderr line naming it', async () => {
    const app = spawnApp([], { AI_PROVIDER: 'mock', HTTP_PORT: '0', AI_TEMPERATURE: 'hot' }, temp.dir);
    expect(await app.exited).toBe(1);
    const lines = app.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('AI_TEMPERATURE');
    expect(app.stdout()).toBe('');
  });

  it('refuses to listen on 0.0.0.0 without RESPONDER_API_KEY', async () => {
    const app = spawnApp([], { AI_PROVIDER: 'mock', HTTP_PORT: '0', HTTP_HOST: '0.0.0.0' }, temp.dir);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('RESPONDER_API_KEY');
    expect(app.stderr()).not.toMatch(/listening on/);
  });

  it('reads settings from .env in the working directory', async () => {
    await writeFile(`${temp.dir}/.env`, 'AI_MAX_TOKENS=oops\n');
    const app = spawnApp([], { AI_PROVIDER: 'mock', HTTP_PORT: '0' }, temp.dir);
    expect(await app.exited).toBe(1);
    expect(app.stderr()).toContain('AI_MAX_TOKENS');
  });
});
