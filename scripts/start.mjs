#!/usr/bin/env node
// `pnpm start`: runs the two built apps side by side for a person at a terminal —
// responder-http (Server B) and messenger-mcp (Server A) in Streamable HTTP mode pointing at it.
// Plain Node, no dependencies: this runs right after `pnpm install` on a fresh machine.
//
// Each child's stderr (and stdout) is shown line by line behind a tag. Ctrl-C / SIGTERM forwards
// SIGTERM to both, waits for them, exits 0. If one child dies on its own, the other is stopped and
// this script exits non-zero.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Node ≥ 20.12 loads .env itself; the apps load it too, but the ports and the provider shown in the
// banner must agree with what they will use, so read it here as well (variables already set win).
try {
  process.loadEnvFile(join(root, '.env'));
} catch {}

const env = process.env;
const host = env.HTTP_HOST || '127.0.0.1';
const responderPort = env.HTTP_PORT || '8000';
const mcpHost = env.MCP_HOST || '127.0.0.1';
const mcpPort = env.MCP_PORT_A || '8001';
const urlHost = (h) => (h === '0.0.0.0' || h === '::' ? '127.0.0.1' : h.includes(':') ? `[${h}]` : h);
// The children's stderr is a pipe to us, so they would pick JSON logs; a person is reading these lines.
const logFormat = env.LOG_FORMAT || 'pretty';
const responderUrl = `http://${urlHost(host)}:${responderPort}`;
const mcpUrl = `http://${urlHost(mcpHost)}:${mcpPort}/mcp`;

const apps = [
  {
    tag: '[responder]',
    main: join(root, 'apps/responder-http/dist/main.js'),
    // Without AI_PROVIDER and keys the responder picks the mock itself (with a notice on stderr).
    env: { HTTP_HOST: host, HTTP_PORT: responderPort, LOG_FORMAT: logFormat },
  },
  {
    tag: '[messenger]',
    main: join(root, 'apps/messenger-mcp/dist/main.js'),
    env: {
      MCP_TRANSPORT: 'http',
      MCP_HOST: mcpHost,
      MCP_PORT_A: mcpPort,
      SERVER_B_URL: env.SERVER_B_URL || responderUrl,
      LOG_FORMAT: logFormat,
    },
  },
];

for (const app of apps) {
  if (!existsSync(app.main)) {
    process.stderr.write(`start: ${app.main} is missing; build first (pnpm build)\n`);
    process.exit(1);
  }
}

const useColor = process.stderr.isTTY && !env.NO_COLOR;
const colors = ['\x1b[36m', '\x1b[35m'];
const paint = (index, text) => (useColor ? `${colors[index % colors.length]}${text}\x1b[0m` : text);

/** Copies a child's stream to our stderr, one tagged line at a time. */
function pipeTagged(stream, prefix) {
  createInterface({ input: stream }).on('line', (line) => process.stderr.write(`${prefix} ${line}\n`));
}

let stopping = false;
let exitCode = 0;
const children = apps.map((app, index) => {
  const prefix = paint(index, app.tag.padEnd(12));
  const child = spawn(process.execPath, [app.main], {
    cwd: root,
    env: { ...env, ...app.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only this script, which then sends exactly one
    // SIGTERM (the apps treat a second signal as "exit now, code 1").
    detached: true,
  });
  pipeTagged(child.stdout, prefix);
  pipeTagged(child.stderr, prefix);
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.exited.then(({ code, signal }) => {
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (stopping) return void process.stderr.write(`${prefix} stopped (${how})\n`);
    process.stderr.write(`${prefix} exited unexpectedly (${how}); stopping the other\n`);
    exitCode = code || 1;
    void stopAll();
  });
  child.on('error', (error) => {
    process.stderr.write(`${prefix} could not start: ${error.message}\n`);
    exitCode = 1;
    void stopAll();
  });
  return child;
});

async function stopAll() {
  if (stopping) return;
  stopping = true;
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  // The apps close gracefully within 10 s; past that, make sure nothing is left behind.
  const force = setTimeout(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, 12_000);
  await Promise.all(children.map((child) => child.exited));
  clearTimeout(force);
  process.exit(exitCode);
}

// Last resort if this script dies some other way: never leave the servers running detached.
process.on('exit', () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!stopping) process.stderr.write(`\nstart: ${signal}, stopping both servers…\n`);
    void stopAll();
  });
}

process.stderr.write(
  [
    '',
    'mcp-communication is starting:',
    `  responder  (Server B, HTTP API)              ${responderUrl}`,
    `  messenger  (Server A, MCP, Streamable HTTP)  ${mcpUrl}`,
    '',
    'Try it:',
    `  curl ${responderUrl}/health`,
    `  curl -s ${responderUrl}/process -H 'content-type: application/json' -d '{"message":"Hello"}'`,
    '  npx @modelcontextprotocol/inspector',
    `    then choose Transport Type "Streamable HTTP", URL ${mcpUrl}, Connect`,
    ...(env.RESPONDER_API_KEY
      ? ["  (RESPONDER_API_KEY is set: add -H 'authorization: Bearer <key>' to curl)"]
      : []),
    '',
    'Ctrl-C stops both.',
    '',
    '',
  ].join('\n'),
);
