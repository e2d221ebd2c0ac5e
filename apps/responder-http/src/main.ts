#!/usr/bin/env node
import {
  createPrettyLogStream,
  createStderrLogger,
  exitIfUnsupportedNode,
  installGracefulShutdown,
  parseCliArgs,
} from '@org/app-kit';
// Only dependency-free modules (@org/app-kit's light entry) load before the Node version check; the service comes in by dynamic import.
import { version } from '../package.json';
import { helpText } from './help-text';

const APP_NAME = 'responder-http';

async function main(): Promise<void> {
  exitIfUnsupportedNode(APP_NAME);

  const command = parseCliArgs(process.argv.slice(2));
  if (command.kind === 'help') return void process.stdout.write(helpText(version));
  if (command.kind === 'version') return void process.stdout.write(`${version}\n`);
  if (command.kind === 'unknown') return exitWith(`unknown argument ${command.arg} (try --help)`);

  const { ConfigError, startResponder } = await import('@org/responder');
  const { readResponderConfig } = await import('./config');

  let config: ReturnType<typeof readResponderConfig>;
  try {
    config = readResponderConfig(APP_NAME);
  } catch (error) {
    if (error instanceof ConfigError) return exitWith(error.message);
    throw error;
  }

  // A refused bind (0.0.0.0 without RESPONDER_API_KEY) or a port in use is one line, not a stack trace.
  const running = await startResponder(config, {
    appName: APP_NAME,
    logger: createStderrLogger(config.logLevel, APP_NAME, {
      format: config.logFormat,
      color: config.logColor,
    }),
    ...(config.logFormat === 'pretty' && { logStream: createPrettyLogStream({ color: config.logColor }) }),
  }).catch(exitWithError);

  installGracefulShutdown({ appName: APP_NAME, close: () => running.close() });
  process.stderr.write(`${APP_NAME} listening on ${running.url} (provider: ${config.provider.provider})\n`);
}

function exitWithError(error: unknown): never {
  return exitWith(error instanceof Error ? error.message : String(error));
}

function exitWith(message: string): never {
  process.stderr.write(`${APP_NAME}: ${message}\n`);
  process.exit(1);
}

await main();
