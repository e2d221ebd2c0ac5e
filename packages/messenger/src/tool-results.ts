import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** A successful tool result: readable text for the model plus the structured value. */
export function structuredResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/** A failure the model can read and act on (MCP tool errors are results, not protocol errors). */
export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
