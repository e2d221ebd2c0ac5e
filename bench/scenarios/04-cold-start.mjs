// Scenario 4: cold start. Spawn the packed messenger-mcp bin and time until its answer to `initialize` arrives
// on stdout, alternating with `node -e 0` (spawn until exit) as the baseline: median and p90 over 20 rounds.
// For information, the same for responder-mcp (until `initialize` is answered) and responder-http (until
// GET /health answers).
//
// "Packed" is what `npm pack` ships: the bin is dist/main.js and the tarball holds dist/ as built (checked
// below with `npm pack --dry-run`), so running apps/messenger-mcp/dist/main.js runs exactly the tarball's code.
// Each process starts in an empty working directory (no .env), pinned to the server core, with a file ledger
// in a fresh directory, as a first-time user runs it.

import { execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, pinned } from '../lib/proc.mjs';
import { median, percentile } from '../lib/stats.mjs';

export const id = 4;
export const title = 'cold start: spawn until initialize is answered';

const TARGET_MS = 150;
const TIMEOUT_MS = 20_000;

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'bench', version: '0.0.0' },
  },
})}\n`;

export async function run(ctx, result) {
  const rounds = ctx.smoke ? 3 : 20;
  await checkPackedFiles(ctx);

  const cwd = ctx.tmpDir('cold-start-cwd');
  const common = { LOG_FORMAT: 'json', NO_COLOR: '1', LEDGER: 'file' };
  const subjects = [
    {
      name: 'node -e 0',
      start: () => timeUntilExit(ctx, ['-e', '0'], cwd),
    },
    {
      name: 'messenger-mcp',
      start: () =>
        timeUntilInitialized(ctx, ctx.appBin('messenger-mcp'), cwd, {
          ...common,
          // Nothing listens there: start-up must not depend on Server B.
          SERVER_B_URL: 'http://127.0.0.1:9',
          MCP_TRANSPORT: 'stdio',
          LEDGER_PATH: join(ctx.tmpDir('cold-messenger'), 'ledger.jsonl'),
        }),
    },
    {
      name: 'responder-mcp',
      start: async () =>
        timeUntilInitialized(ctx, ctx.appBin('responder-mcp'), cwd, {
          ...common,
          AI_PROVIDER: 'mock',
          MCP_TRANSPORT: 'stdio',
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: String(await freePort()),
          LEDGER_PATH: join(ctx.tmpDir('cold-responder-mcp'), 'ledger.jsonl'),
        }),
    },
    {
      name: 'responder-http',
      start: async () => {
        const port = await freePort();
        return timeUntilHealthy(ctx, ctx.appBin('responder-http'), cwd, port, {
          ...common,
          AI_PROVIDER: 'mock',
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: String(port),
          LEDGER_PATH: join(ctx.tmpDir('cold-responder-http'), 'ledger.jsonl'),
        });
      },
    },
  ];

  // One warm-up round (page cache, the first taskset/exec), then rounds that rotate which process starts
  // first so that a slow drift of the machine favours none of them.
  for (const s of subjects) await s.start();
  const samples = new Map(subjects.map((s) => [s.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (let j = 0; j < subjects.length; j++) {
      const s = subjects[(i + j) % subjects.length];
      samples.get(s.name).push(await s.start());
    }
  }

  const node = samples.get('node -e 0');
  const messenger = samples.get('messenger-mcp');
  ctx.log(
    `scenario 4: messenger-mcp ${messenger.map((v) => v.toFixed(0)).join(' ')} ms; node -e 0 ${node.map((v) => v.toFixed(0)).join(' ')} ms`,
  );
  const baseline = (p) => ({
    label: `node -e 0, ${p}`,
    value: p === 'p90' ? percentile(node, 90) : median(node),
  });
  result.row({
    metric: `messenger-mcp until initialize answered, median of ${rounds}`,
    value: median(messenger),
    unit: 'ms',
    baseline: baseline('median'),
    target: `≤ ${TARGET_MS} ms`,
    met: ctx.smoke ? undefined : median(messenger) <= TARGET_MS,
  });
  result.row({
    metric: 'messenger-mcp until initialize answered, p90',
    value: percentile(messenger, 90),
    unit: 'ms',
    baseline: baseline('p90'),
  });
  result.row({
    metric: 'messenger-mcp above node -e 0 (medians)',
    value: median(messenger) - median(node),
    unit: 'ms',
  });
  for (const [name, what] of [
    ['responder-mcp', 'initialize answered'],
    ['responder-http', 'GET /health answers'],
  ]) {
    result.row({
      metric: `${name} until ${what}, median (information)`,
      value: median(samples.get(name)),
      unit: 'ms',
      baseline: baseline('median'),
    });
  }
}

/** Throws unless `npm pack` would ship exactly the dist files we spawn (skipped when npm is not installed). */
async function checkPackedFiles(ctx) {
  const appDir = join(ctx.root, 'apps', 'messenger-mcp');
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: appDir,
      maxBuffer: 16 << 20,
    }));
  } catch (error) {
    if (error.code === 'ENOENT')
      return ctx.log('scenario 4: npm not found, the packed file list is not checked');
    throw error;
  }
  const packed = JSON.parse(stdout)[0].files.map((f) => f.path);
  const built = readdirSync(join(appDir, 'dist')).map((f) => `dist/${f}`);
  const missing = built.filter((f) => !packed.includes(f));
  const extra = packed.filter((f) => f.startsWith('dist/') && !built.includes(f));
  if (!packed.includes('dist/main.js') || missing.length > 0 || extra.length > 0) {
    throw new Error(`npm pack does not ship dist/ as built: missing ${missing}, extra ${extra}`);
  }
}

/** Spawns `node args` pinned to the server core, in `cwd`, with `env` added to ours. */
function spawnNode(ctx, args, cwd, env, stdio) {
  const [command, argv] = pinned(ctx.serverCpu, process.execPath, args);
  return spawn(command, argv, { cwd, env: { ...process.env, ...env }, stdio });
}

/** Milliseconds from spawn to exit (the baseline); throws on a non-zero exit. */
function timeUntilExit(ctx, args, cwd) {
  const t0 = performance.now();
  const child = spawnNode(ctx, args, cwd, {}, 'ignore');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve(ms);
      else reject(new Error(`node ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

/**
 * Milliseconds from spawn until the answer to `initialize` (written to stdin at once, as a host does) has
 * arrived on stdout. Then closes stdin, the normal way a host stops a stdio server, and waits for the exit.
 */
async function timeUntilInitialized(ctx, bin, cwd, env) {
  const t0 = performance.now();
  const child = spawnNode(ctx, [bin], cwd, env, ['pipe', 'pipe', 'pipe']);
  child.stdin.write(INITIALIZE);
  const stderr = collect(child.stderr);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  try {
    const ms = await new Promise((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(
        () => reject(new Error(`no answer to initialize within ${TIMEOUT_MS} ms`)),
        TIMEOUT_MS,
      );
      child.once('error', reject);
      void exited.then((code) => reject(new Error(`exited (${code}) before answering initialize`)));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        buffer += chunk;
        const end = buffer.indexOf('\n');
        if (end < 0) return;
        const at = performance.now();
        clearTimeout(timer);
        const message = JSON.parse(buffer.slice(0, end));
        if (message.id !== 1 || message.result?.serverInfo === undefined) {
          reject(new Error(`unexpected first message on stdout: ${buffer.slice(0, end)}`));
        } else resolve(at - t0);
      });
    });
    child.stdin.end();
    const code = await withTimeout(exited, 5_000, () => child.kill('SIGKILL'));
    if (code !== 0) throw new Error(`exited with ${code} after stdin closed`);
    return ms;
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${bin}: ${error.message}\n${stderr()}`);
  }
}

/** Milliseconds from spawn until GET /health answers (polled every 2 ms); then SIGTERM and wait for the exit. */
async function timeUntilHealthy(ctx, bin, cwd, port, env) {
  const t0 = performance.now();
  const child = spawnNode(ctx, [bin], cwd, env, ['ignore', 'ignore', 'pipe']);
  const stderr = collect(child.stderr);
  let exit;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exit = code ?? signal;
      resolve(exit);
    }),
  );
  try {
    for (;;) {
      if (exit !== undefined) throw new Error(`exited (${exit}) before /health answered`);
      if (performance.now() - t0 > TIMEOUT_MS)
        throw new Error(`/health did not answer within ${TIMEOUT_MS} ms`);
      const response = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      if (response) {
        const ms = performance.now() - t0;
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`/health answered ${response.status}`);
        child.kill('SIGTERM');
        const code = await withTimeout(exited, 5_000, () => child.kill('SIGKILL'));
        if (code !== 0) throw new Error(`exited with ${code} after SIGTERM`);
        return ms;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${bin}: ${error.message}\n${stderr()}`);
  }
}

function collect(stream) {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    text = (text + chunk).slice(-16_384);
  });
  return () => text;
}

async function withTimeout(promise, ms, onTimeout) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve('timeout');
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
