import { createServer } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export interface StdioLaunch {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

export interface StdioSession {
  client: Client;
  /** Everything the server wrote to stderr so far: shown when an assertion fails. */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * Starts an MCP server as a host does (a child process speaking JSON-RPC over stdin/stdout) and completes
 * the initialize handshake.
 */
export async function connectStdio(launch: StdioLaunch): Promise<StdioSession> {
  // The SDK passes only a handful of variables (HOME, PATH, …) unless told otherwise. Keep the rest, so npx
  // sees the machine's npm settings and extra CA certificates (NODE_EXTRA_CA_CERTS: a Node without the system
  // CA store, like the official Node 24 binary, cannot reach a registry behind a TLS-inspecting proxy otherwise).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const transport = new StdioClientTransport({
    ...launch,
    env: { ...inherited, ...launch.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'release-checks', version: '0.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    await transport.close();
    throw new Error(`MCP server did not initialize: ${String(error)}\nstderr:\n${stderr}`);
  }
  return { client, stderr: () => stderr, close: () => client.close() };
}

/** A loopback URL where nothing listens, for a Server B that is down. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}
