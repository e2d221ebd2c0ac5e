import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { openLedger } from '@org/ledger';
import {
  createMessengerServer,
  isConfigError,
  type MessengerCommand,
  type MessengerConfig,
} from '@org/messenger';
import { createResponderClient } from '@org/responder-client';
import { version } from '../package.json';
import { readMessengerCommand } from './config';
import { helpText } from './help-text';
import { createMessengerLogger } from './stderr-logger';

export async function run(argv: readonly string[]): Promise<void> {
  let command: MessengerCommand;
  try {
    command = readMessengerCommand(argv);
  } catch (error) {
    if (!isConfigError(error)) throw error;
    process.stderr.write(`messenger-mcp: ${error.message}\n`);
    process.exit(1);
  }
  // --help and --version are asked for by a person at a terminal, so they go to stdout.
  if (command.kind === 'help') return void process.stdout.write(helpText(version));
  if (command.kind === 'version') return void process.stdout.write(`${version}\n`);
  await serve(command.config);
}

async function serve(config: MessengerConfig): Promise<void> {
  const logger = createMessengerLogger(config);
  const ledger = await openLedger(config.ledger, { appName: 'messenger-mcp', logger });
  const client = createResponderClient({
    baseUrl: config.serverUrl,
    ...(config.responderApiKey !== undefined && { apiKey: config.responderApiKey }),
    timeoutMs: config.timeoutMs,
    retryAttempts: config.retryAttempts,
    ...(config.retryBaseDelayMs !== undefined && { retryBaseDelayMs: config.retryBaseDelayMs }),
    ...(config.retryMaxDelayMs !== undefined && { retryMaxDelayMs: config.retryMaxDelayMs }),
    onRetry: (info) => logger.debug(`retrying Server B: ${JSON.stringify(info)}`),
  });
  const build = () =>
    createMessengerServer({
      client,
      ledger,
      serverUrl: config.serverUrl,
      version,
      logger,
      progressIntervalMs: config.progressIntervalMs,
      progressKeepAliveMs: config.progressKeepAliveMs,
    });

  let stop: () => Promise<void>;
  if (config.transport === 'http') {
    // Loaded only for HTTP: it pulls in the HTTP stack (and Node's fetch classes at load time), which the
    // stdio handshake never needs (about 12 ms of start-up, bench scenario 4).
    const { startStreamableHttpServer } = await import('@org/app-kit/mcp-http');
    const http = await startStreamableHttpServer({
      // A session's cleanup is its server's close(), which the HTTP server calls when the session ends.
      createServer: () => build().server,
      host: config.mcpHost,
      port: config.mcpPort,
      ...(config.mcpApiKey !== undefined && { apiKey: config.mcpApiKey, apiKeySetting: 'MCP_API_KEY' }),
      logger,
    });
    logger.info(`messenger-mcp ${version} listening on ${http.url} (Server B: ${config.serverUrl})`);
    stop = () => http.close();
  } else {
    const { server, cleanup } = build();
    const transport = new StdioServerTransport();
    await server.connect(transport);
    logger.info(`messenger-mcp ${version} on stdio (Server B: ${config.serverUrl})`);
    stop = cleanup;
    // The host closing our stdin is the normal way a stdio server is told to stop.
    process.stdin.once('end', () => void shutdown('stdin closed'));
  }

  let stopping = false;
  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    logger.debug(`shutting down: ${reason}`);
    await stop().catch(() => {});
    await ledger.close().catch((error: unknown) => logger.warn(`ledger close failed: ${String(error)}`));
    process.exit(0);
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
