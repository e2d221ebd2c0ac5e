#!/usr/bin/env node
import {
  createPrettyLogStream,
  createStderrLogger,
  exitIfUnsupportedNode,
  installGracefulShutdown,
  parseCliArgs,
} from '@org/app-kit';
// Only dependency-free modules (@org/app-kit's light entry) load before the Node version check; the service comes in by dynamic import.
// stdout belongs to the MCP protocol: everything human-readable goes to stderr.
import { version } from '../package.json';
import { helpText } from './help-text';

const APP_NAME = 'responder-mcp';

async function main(): Promise<void> {
  exitIfUnsupportedNode(APP_NAME);

  const command = parseCliArgs(process.argv.slice(2));
  if (command.kind === 'help') return void process.stdout.write(helpText(version));
  if (command.kind === 'version') return void process.stdout.write(`${version}\n`);
  if (command.kind === 'unknown') return exitWith(`unknown argument ${command.arg} (try --help)`);

  const { ConfigError, startResponder } = await import('@org/responder');
  const { createResponderMcpServer } = await import('@org/responder/mcp');
  const { readResponderConfig } = await import('./config');
  const { serveMcp } = await import('./serve-mcp');

  let config: ReturnType<typeof readResponderConfig>;
  try {
    config = readResponderConfig(APP_NAME);
  } catch (error) {
    if (error instanceof ConfigError) return exitWith(error.message);
    throw error;
  }

  // One service behind both doors: MCP tools and HTTP callers share history, stats and runtime config.
  const responder = await startResponder(config, {
    appName: APP_NAME,
    logger: createStderrLogger(config.logLevel, APP_NAME, {
      format: config.logFormat,
      color: config.logColor,
    }),
    ...(config.logFormat === 'pretty' && { logStream: createPrettyLogStream({ color: config.logColor }) }),
  }).catch(exitWithError);
  let mcp: Awaited<ReturnType<typeof serveMcp>> | undefined;
  const shutdown = installGracefulShutdown({
    appName: APP_NAME,
    close: async () => {
      await mcp?.close();
      await responder.close();
    },
  });
  mcp = await serveMcp({
    config,
    createMcpServer: () => createResponderMcpServer(responder.service, { version }),
    onStdinClosed: () => shutdown('stdin closed'),
  }).catch(exitWithError);

  const http = config.http.enabled ? `HTTP API on ${responder.url}` : 'HTTP API off';
  process.stderr.write(
    `${APP_NAME} serving MCP on ${mcp.endpoint}; ${http} (provider: ${config.provider.provider})\n`,
  );
}

function exitWithError(error: unknown): never {
  return exitWith(error instanceof Error ? error.message : String(error));
}

function exitWith(message: string): never {
  process.stderr.write(`${APP_NAME}: ${message}\n`);
  process.exit(1);
}

await main();
