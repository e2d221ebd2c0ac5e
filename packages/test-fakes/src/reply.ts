/** Deterministic reply and token counts shared by both fakes, so tests can assert exact text and usage. */

export interface FakeChatMessage {
  role: string;
  content: string;
}

/** The reply both fakes give: `Echo: <last user message>` (`Echo: (nothing)` when there is none). */
export function fakeReplyText(messages: readonly FakeChatMessage[]): string {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return `Echo: ${lastUser?.content ?? '(nothing)'}`;
}

/** Input tokens: ceil(total characters of all messages / 4), at least 1. */
export function fakeInputTokens(messages: readonly FakeChatMessage[]): number {
  const chars = messages.reduce((sum, m) => sum + m.content.length, 0);
  return Math.max(1, Math.ceil(chars / 4));
}

/** Output tokens: number of whitespace-separated words of the reply, at least 1. */
export function fakeOutputTokens(reply: string): number {
  return Math.max(1, reply.split(/\s+/).filter(Boolean).length);
}

/** Splits text into word chunks that keep their leading space, so joining them gives the text back. */
export function splitIntoWordChunks(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [text];
}
