import { homedir as osHomedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface LedgerPathEnvironment {
  /** The app's environment (the app passes `process.env`; packages never read it). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: `os.homedir()`. */
  homedir?: string;
  /** Default: `process.platform`. */
  platform?: NodeJS.Platform;
}

const VENDOR_DIRECTORY = 'mcp-communication';
const FILE_NAME = 'ledger.jsonl';

/**
 * Where an app keeps its ledger when `LEDGER_PATH` is not set: the per-user state directory.
 * Linux and other Unixes: `$XDG_STATE_HOME` (XDG Base Directory spec 0.8: "state data that should
 * persist between (application) restarts") or `~/.local/state`; macOS: `~/Library/Application
 * Support`; Windows: `%LOCALAPPDATA%` or `~\AppData\Local`. Then `mcp-communication/<appName>/ledger.jsonl`.
 */
export function defaultLedgerPath(appName: string, environment: LedgerPathEnvironment = {}): string {
  if (appName === '' || /[\\/]/.test(appName) || appName === '.' || appName === '..') {
    throw new TypeError(`appName must be a plain directory name, got ${JSON.stringify(appName)}`);
  }
  const env = environment.env ?? {};
  const home = environment.homedir ?? osHomedir();
  const platform = environment.platform ?? process.platform;
  if (platform === 'win32') {
    const base = nonEmpty(env.LOCALAPPDATA) ?? win32.join(home, 'AppData', 'Local');
    return win32.join(base, VENDOR_DIRECTORY, appName, FILE_NAME);
  }
  if (platform === 'darwin') {
    return posix.join(home, 'Library', 'Application Support', VENDOR_DIRECTORY, appName, FILE_NAME);
  }
  // The XDG spec says relative values must be ignored.
  const xdg = nonEmpty(env.XDG_STATE_HOME);
  const base = xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'state');
  return posix.join(base, VENDOR_DIRECTORY, appName, FILE_NAME);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
