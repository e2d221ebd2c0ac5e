#!/usr/bin/env node
// Builds apps/messenger-mcp/messenger-mcp.mcpb, the MCP Bundle Claude Desktop installs with one click.
//
// Usage (from anywhere, after `npx turbo run build --filter=messenger-mcp...`):
//   node packages/release-checks/scripts/build-mcpb.mjs [--out <file.mcpb>]
//
// The bundle holds manifest.json, server/ (a copy of the app's dist: main.js and the chunks it imports; tsdown
// already bundles every dependency into them, so no node_modules is needed) and a minimal package.json that
// marks the files as ESM.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const appDir = resolve(here, '../../../apps/messenger-mcp');

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outFile = resolve(values.out ?? join(appDir, 'messenger-mcp.mcpb'));

function fail(message) {
  console.error(`build-mcpb: ${message}`);
  process.exit(1);
}

function runMcpb(args) {
  // Resolve the CLI through the package (a root devDependency) rather than node_modules/.bin, so the script
  // works from any working directory and on Windows.
  const require = createRequire(import.meta.url);
  // Its exports map hides package.json; the main entry is dist/index.js, one level below the package root.
  const packageRoot = resolve(dirname(require.resolve('@anthropic-ai/mcpb')), '..');
  const { bin } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
  const cli = join(packageRoot, typeof bin === 'string' ? bin : bin.mcpb);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) fail(`mcpb ${args[0]} failed (exit ${result.status ?? result.signal})`);
}

const appPackage = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(appDir, 'manifest.json'), 'utf8'));
const distDir = join(appDir, 'dist');
const entry = join(distDir, 'main.js');

if (!existsSync(entry))
  fail(`${entry} is missing: run \`npx turbo run build --filter=messenger-mcp...\` first`);
// A bundle whose version lags the npm package would make Claude Desktop's update check lie.
if (manifest.version !== appPackage.version) {
  fail(`manifest.json version ${manifest.version} differs from package.json version ${appPackage.version}`);
}

const stage = mkdtempSync(join(tmpdir(), 'messenger-mcpb-'));
try {
  // The $schema path is relative to the repository and means nothing inside the bundle.
  const { $schema: _schema, ...bundledManifest } = manifest;
  writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(bundledManifest, null, 2)}\n`);
  cpSync(distDir, join(stage, 'server'), { recursive: true });
  const bundlePackage = {
    name: appPackage.name,
    version: appPackage.version,
    description: appPackage.description,
    license: appPackage.license,
    private: true,
    type: 'module',
    engines: appPackage.engines,
  };
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(bundlePackage, null, 2)}\n`);
  for (const optional of ['README.md', 'LICENSE', 'icon.png']) {
    if (existsSync(join(appDir, optional))) cpSync(join(appDir, optional), join(stage, optional));
  }

  runMcpb(['validate', join(stage, 'manifest.json')]);
  mkdirSync(dirname(outFile), { recursive: true });
  runMcpb(['pack', stage, outFile]);
  process.stderr.write(`build-mcpb: wrote ${outFile}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
