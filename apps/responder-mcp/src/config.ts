import { parseResponderConfig, type ResponderConfig } from '@org/responder';

// The only file of this app that reads process.env (STYLE.md: env validated once, in one file per app).

/** Loads `./.env` into process.env when it exists; variables already set win (Node's own rule). */
export function loadDotEnv(): void {
  try {
    process.loadEnvFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Parses the environment; throws `ConfigError` naming the bad variable. */
export function readResponderConfig(appName: string): ResponderConfig {
  loadDotEnv();
  return parseResponderConfig(process.env, { appName, stderrIsTTY: process.stderr.isTTY === true });
}
