export type CliCommand =
  | { kind: 'run' }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'unknown'; arg: string };

/** The app takes its settings from the environment; the command line only knows --help and --version. */
export function parseCliArgs(args: readonly string[]): CliCommand {
  for (const arg of args) {
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version' || arg === '-v') return { kind: 'version' };
    return { kind: 'unknown', arg };
  }
  return { kind: 'run' };
}
