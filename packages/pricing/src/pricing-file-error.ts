/** A pricing file could not be read, parsed or validated. The message names the file and, where known, the field. */
export class PricingFileError extends Error {
  readonly code = 'PRICING_FILE_INVALID';
  readonly file: string;
  /** Dotted path of the failing field (`models[2].price.input`), when the failure is about one field. */
  readonly field: string | undefined;

  constructor(file: string, detail: string, options: { field?: string; cause?: unknown } = {}) {
    super(`Invalid pricing file ${file}: ${options.field ? `${options.field}: ` : ''}${detail}`, {
      cause: options.cause,
    });
    this.name = 'PricingFileError';
    this.file = file;
    this.field = options.field;
  }
}

export function isPricingFileError(error: unknown): error is PricingFileError {
  return error instanceof PricingFileError;
}
