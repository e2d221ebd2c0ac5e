import { describeIssues, toErrorIssues } from '@org/contracts';
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { ResponderError } from './responder-error';

const PART_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'headers',
};

/**
 * The one adapter between the zod contracts and Fastify: route schemas are zod schemas, and a failure becomes
 * the contracts' error body naming the first failing field. Fastify passes an Error result through unchanged
 * (keeping our code), so the error handler sees a ResponderError.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  return (data: unknown) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const issues = toErrorIssues(result.error);
    const part = PART_NAMES[httpPart ?? 'body'] ?? 'request';
    return {
      error: new ResponderError('validation_error', `Invalid request ${part}: ${describeIssues(issues)}`, {
        details: { ...(issues[0] !== undefined && { field: issues[0].field }), issues },
      }),
    };
  };
};
