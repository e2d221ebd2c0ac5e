/** Where the messenger writes diagnostics. Never stdout: under stdio, stdout carries the MCP protocol. */
export interface MessengerLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: MessengerLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

const LEVEL_ORDER = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 } as const;

/** A logger writing `messenger-mcp <level>: …` lines to stderr from `level` up. */
export function createStderrLogger(level: keyof typeof LEVEL_ORDER = 'info'): MessengerLogger {
  const threshold = LEVEL_ORDER[level];
  const write = (name: keyof typeof LEVEL_ORDER) => (message: string) => {
    if (LEVEL_ORDER[name] >= threshold) process.stderr.write(`messenger-mcp ${name}: ${message}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
