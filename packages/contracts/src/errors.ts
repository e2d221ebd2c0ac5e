import { z } from 'zod';

/** Stable machine-readable error codes of the HTTP API (pinned by a test: clients depend on them). */
export const ERROR_CODES = {
  validation_error: 400,
  invalid_json: 400,
  unauthorized: 401,
  not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  provider_auth: 502,
  provider_bad_request: 502,
  provider_error: 502,
  provider_unavailable: 503,
  provider_timeout: 504,
  aborted: 499,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorIssueSchema = z.object({ field: z.string(), message: z.string() });

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .object({
        /** The first failing field, dotted (`max_tokens`, `usage.promptTokens`). */
        field: z.string().optional(),
        issues: z.array(ErrorIssueSchema).optional(),
        retryAfterSeconds: z.number().optional(),
        provider: z.string().optional(),
        accepted: z.array(z.string()).optional(),
      })
      .catchall(z.unknown())
      .optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
export type ErrorIssue = z.infer<typeof ErrorIssueSchema>;

/** Turns zod issues into `{field, message}` pairs naming the failing field. */
export function toErrorIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.flatMap((issue) => {
    // An unknown key is reported on the parent object; name the key itself.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    const base = issue.path.map(String).join('.');
    return keys.map((key) => ({
      field: key === undefined ? base || '(body)' : base ? `${base}.${key}` : key,
      message: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message,
    }));
  });
}

/** One readable line: `max_tokens: must be at least 1; temperature: must be between 0 and 2`. */
export function describeIssues(issues: ErrorIssue[]): string {
  return issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
}
