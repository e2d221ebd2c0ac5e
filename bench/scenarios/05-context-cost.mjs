// Scenario 5: context cost. The bytes of each MCP app's tools/list result — the JSON-RPC result's `tools`
// array exactly as it was sent over stdio — which a host reads to its model on every turn. Also the part hosts
// actually pass to the model (name, description, inputSchema of each tool) and the bytes per tool.
//
// Baseline: there is no reference MCP server in this repository, so the comparison is a fixed external figure,
// labelled as such: the official reference servers spend 600–900 bytes a tool (issue 7); the upper end is used.
// Byte counts do not depend on the machine, so smoke mode measures exactly what full mode does.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../lib/proc.mjs';

export const id = 5;
export const title = 'context cost: bytes of tools/list';

const TARGET_BYTES = 6000;
const REFERENCE_BYTES_PER_TOOL = 900;
const REFERENCE_LABEL = 'reference servers, 600–900 B/tool (external figure)';

export async function run(ctx, result) {
  const cwd = ctx.tmpDir('context-cost-cwd');
  const apps = [
    {
      name: 'messenger-mcp',
      tools: 7,
      env: {
        SERVER_B_URL: 'http://127.0.0.1:9',
        MCP_TRANSPORT: 'stdio',
        LEDGER: 'memory',
      },
    },
    {
      name: 'responder-mcp',
      tools: 7,
      env: {
        AI_PROVIDER: 'mock',
        MCP_TRANSPORT: 'stdio',
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await freePort()),
        LEDGER: 'file',
        LEDGER_PATH: join(ctx.tmpDir('context-cost-ledger'), 'ledger.jsonl'),
      },
    },
  ];
  for (const app of apps) {
    const { tools, sent } = await listTools(ctx.appBin(app.name), cwd, {
      LOG_FORMAT: 'json',
      NO_COLOR: '1',
      ...app.env,
    });
    if (tools.length !== app.tools)
      throw new Error(`${app.name} lists ${tools.length} tools, expected ${app.tools}`);
    const bytes = Buffer.byteLength(sent);
    const modelBytes = Buffer.byteLength(
      JSON.stringify(tools.map(({ name, description, inputSchema }) => ({ name, description, inputSchema }))),
    );
    const perTool = bytes / tools.length;
    const largest = tools
      .map((t) => ({ name: t.name, bytes: Buffer.byteLength(JSON.stringify(t)) }))
      .sort((a, b) => b.bytes - a.bytes);
    ctx.log(`scenario 5: ${app.name} per tool: ${largest.map((t) => `${t.name} ${t.bytes}`).join(', ')}`);
    const isMessenger = app.name === 'messenger-mcp';
    result.row({
      metric: `${app.name} tools/list, ${tools.length} tools${isMessenger ? '' : ' (information)'}`,
      value: bytes,
      unit: 'B',
      baseline: {
        label: `reference servers, ${tools.length} × ${REFERENCE_BYTES_PER_TOOL} B (external figure)`,
        value: tools.length * REFERENCE_BYTES_PER_TOOL,
      },
      ...(isMessenger && { target: `≤ ${TARGET_BYTES} B`, met: bytes <= TARGET_BYTES }),
    });
    result.row({
      metric: `${app.name} bytes per tool`,
      value: perTool,
      unit: 'B',
      baseline: { label: REFERENCE_LABEL, value: REFERENCE_BYTES_PER_TOOL },
    });
    result.row({
      metric: `${app.name} names + descriptions + inputSchema (what hosts pass to the model)`,
      value: modelBytes,
      unit: 'B',
      baseline: { label: 'the whole tools/list', value: bytes },
    });
  }
}

/**
 * Starts `bin` (stdio), initializes, asks for tools/list and returns the tools plus the `tools` array's text
 * exactly as it appeared in the JSON-RPC line on stdout. Closes stdin and waits for a clean exit.
 */
async function listTools(bin, cwd, env) {
  const child = spawn(process.execPath, [bin], { cwd, env: { ...process.env, ...env }, stdio: 'pipe' });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-16_384);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  try {
    const line = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no tools/list answer within 20 s')), 20_000);
      void exited.then((code) => reject(new Error(`exited (${code}) before answering tools/list`)));
      let buffer = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
          const text = buffer.slice(0, end);
          buffer = buffer.slice(end + 1);
          const message = JSON.parse(text);
          if (message.error) return reject(new Error(`JSON-RPC error: ${JSON.stringify(message.error)}`));
          if (message.id === 1) {
            send({ method: 'notifications/initialized' });
            send({ id: 2, method: 'tools/list' });
          } else if (message.id === 2) {
            clearTimeout(timer);
            resolve(text);
          }
        }
      });
      send({
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'bench', version: '0.0.0' },
        },
      });
    });
    const { tools } = JSON.parse(line).result;
    // JSON.stringify of the parsed array gives back the bytes that were sent (same key order, no whitespace);
    // the check makes sure that what is counted is a verbatim slice of the line.
    const sent = JSON.stringify(tools);
    if (!line.includes(`"tools":${sent}`))
      throw new Error('the tools array is not a verbatim slice of the line sent');
    child.stdin.end();
    const code = await exited;
    if (code !== 0) throw new Error(`exited with ${code} after stdin closed`);
    return { tools, sent };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${bin}: ${error.message}\n${stderr}`);
  }
}
