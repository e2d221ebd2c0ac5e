/** Where the ledger reports recoverable problems (torn lines, stale snapshots). */
export interface LedgerLogger {
  warn(message: string, details?: Record<string, unknown>): void;
}

/** Default: one line on stderr, since stdout belongs to MCP stdio. */
export const stderrLedgerLogger: LedgerLogger = {
  warn(message, details) {
    const suffix = details === undefined ? '' : ` ${JSON.stringify(details)}`;
    process.stderr.write(`[@org/ledger] warn: ${message}${suffix}\n`);
  },
};
