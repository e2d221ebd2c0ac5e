#!/usr/bin/env node
// Nothing heavy loads before the Node version check: the server comes in by dynamic import.
import { exitIfUnsupportedNode } from '@org/app-kit';

exitIfUnsupportedNode('messenger-mcp');
try {
  // Node ≥ 20.12; a missing .env is normal.
  process.loadEnvFile();
} catch {}
const { run } = await import('./run');
await run(process.argv.slice(2));
