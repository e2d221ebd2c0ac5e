// The client side of the MCP scenarios: messenger-mcp over stdio with the real MCP SDK client, and a
// "pinned worker" (a scenario file run as its own process on the load core) so every client — the MCP SDK
// client, the direct HTTP client, and the messenger it spawns — stays off the server core.

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { pinned } from './proc.mjs';

const run = promisify(execFile);

/**
 * messenger-mcp's environment for a benchmark: as a user runs it (file ledger, info logs) against
 * `responder`. The SDK's transport passes only a few variables (PATH, HOME, …) unless told, so everything
 * the messenger reads (packages/messenger/src/parse-messenger-config.ts) is given here.
 */
export function messengerEnv(responder, ledgerPath, env = {}) {
  return {
    SERVER_B_URL: responder.url,
    RESPONDER_API_KEY: responder.apiKey,
    MCP_TRANSPORT: 'stdio',
    // No retries: a benchmark must fail on the first error, not hide it behind a backoff.
    RETRY_ATTEMPTS: '0',
    LEDGER: 'file',
    LEDGER_PATH: ledgerPath,
    LOG_FORMAT: 'json',
    NO_COLOR: '1',
    ...env,
  };
}

/**
 * Spawns messenger-mcp (stdio) pinned to `cpu` and connects an MCP SDK client, which lists the tools as a
 * host does (so the client validates structured results, as hosts do). Returns the client, the
 * messenger's pid (taskset execs node, so it is node's pid) and `close()`.
 */
export async function connectMessenger({ bin, cpu, env }) {
  // For profiling: BENCH_MESSENGER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (Node 20 refuses
  // --cpu-prof in NODE_OPTIONS). The profile is written when the messenger exits at the end of the run.
  const nodeArgs = process.env.BENCH_MESSENGER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const [command, args] = pinned(cpu, process.execPath, [...nodeArgs, bin]);
  const transport = new StdioClientTransport({ command, args, env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.setEncoding('utf8');
  transport.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-65_536);
  });
  const client = new Client({ name: 'bench', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`messenger-mcp did not connect: ${error.message}\n${stderr}`);
  }
  const tools = await client.listTools();
  return {
    client,
    pid: transport.pid,
    tools,
    get stderr() {
      return stderr;
    },
    close: () => client.close(),
  };
}

/** Throws when a tool call came back as an error result (MCP tool errors are results, not exceptions). */
export function assertToolOk(name, result) {
  if (result.isError)
    throw new Error(`${name} failed: ${result.content?.[0]?.text ?? JSON.stringify(result)}`);
  if (result.structuredContent === undefined) throw new Error(`${name} returned no structured content`);
}

/**
 * Runs `script` (a scenario module) as a worker process pinned to `cpu` with `input` (JSON) and returns the
 * JSON it prints. The worker's own stderr is passed through the error when it fails.
 */
export async function runPinnedWorker({ cpu, script, input }) {
  const [command, args] = pinned(cpu, process.execPath, [fileURLToPath(script), '--bench-worker']);
  const child = run(command, args, {
    maxBuffer: 64 << 20,
    env: { ...process.env, BENCH_WORKER_INPUT: JSON.stringify(input) },
  });
  try {
    const { stdout } = await child;
    const line = stdout.split('\n').findLast((l) => l.startsWith('BENCH_WORKER '));
    if (!line) throw new Error(`worker printed no result:\n${stdout.slice(-2000)}`);
    return JSON.parse(line.slice('BENCH_WORKER '.length));
  } catch (error) {
    throw new Error(`worker ${script} failed: ${error.message}\n${error.stderr ?? ''}`.trimEnd());
  }
}

/**
 * When the module at `moduleUrl` was started by `runPinnedWorker`, runs `work(input)` and prints its result;
 * any error exits 1 with the stack on stderr. Does nothing when the module is imported by run.mjs.
 */
export async function workerMain(moduleUrl, work) {
  if (!process.argv.includes('--bench-worker')) return;
  if (pathToFileURL(process.argv[1]).href !== moduleUrl) return;
  try {
    const output = await work(JSON.parse(process.env.BENCH_WORKER_INPUT ?? '{}'));
    process.stdout.write(`BENCH_WORKER ${JSON.stringify(output)}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}

export const messengerBin = (root) => join(root, 'apps', 'messenger-mcp', 'dist', 'main.js');
