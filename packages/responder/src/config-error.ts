/** A bad configuration value. The message is one line naming the variable, safe to print (never echoes a secret). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly variable: string;

  constructor(variable: string, problem: string, options?: { cause?: unknown }) {
    super(`Invalid ${variable}: ${problem}`, options);
    this.variable = variable;
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError || (error instanceof Error && error.name === 'ConfigError');
}
