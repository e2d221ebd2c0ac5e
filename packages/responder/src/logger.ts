/**
 * The logging surface the responder needs. A pino/Fastify logger fits it as is; library code never writes
 * to stdout (it belongs to MCP stdio).
 */
export interface Logger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** Discards everything: the default when no logger is given. */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};
