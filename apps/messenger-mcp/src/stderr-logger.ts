import { createStderrLogger } from '@org/app-kit';
import type { MessengerConfig, MessengerLogger } from '@org/messenger';

/**
 * The messenger's logger on app-kit's: JSON lines (LOG_FORMAT=json) or the same readable lines as the
 * responder's (pretty), so `pnpm start` shows both servers alike. stderr only: stdout carries MCP stdio.
 */
export function createMessengerLogger(
  config: Pick<MessengerConfig, 'logLevel' | 'logFormat' | 'logColor'>,
): MessengerLogger {
  const logger = createStderrLogger(config.logLevel, 'messenger-mcp', {
    format: config.logFormat,
    color: config.logColor,
  });
  return {
    debug: (message) => logger.debug({}, message),
    info: (message) => logger.info({}, message),
    warn: (message) => logger.warn({}, message),
    error: (message) => logger.error({}, message),
  };
}
