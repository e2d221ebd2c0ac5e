import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const ROOT_BIN = join(REPO_ROOT, 'node_modules/.bin');

/** Packages we publish to npm: libraries other projects import, and apps people run with npx. */
export const PUBLISHABLE = [
  { dir: 'packages/contracts', name: '@org/contracts', kind: 'library' },
  { dir: 'packages/pricing', name: '@org/pricing', kind: 'library' },
  { dir: 'packages/ai-providers', name: '@org/ai-providers', kind: 'library' },
  { dir: 'packages/responder-client', name: '@org/responder-client', kind: 'library' },
  { dir: 'apps/messenger-mcp', name: 'messenger-mcp', kind: 'app' },
  { dir: 'apps/responder-http', name: 'responder-http', kind: 'app' },
  { dir: 'apps/responder-mcp', name: 'responder-mcp', kind: 'app' },
] as const;

/** Workspace-only packages: an accidental `pnpm publish -r` must skip them. */
export const INTERNAL = [
  { dir: 'packages/ledger', name: '@org/ledger' },
  { dir: 'packages/responder', name: '@org/responder' },
  { dir: 'packages/messenger', name: '@org/messenger' },
  { dir: 'packages/test-fakes', name: '@org/test-fakes' },
  { dir: 'packages/release-checks', name: '@org/release-checks' },
] as const;

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  files?: string[];
  engines?: Record<string, string>;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

export function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}
