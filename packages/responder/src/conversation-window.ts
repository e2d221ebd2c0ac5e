import type { ChatMessage } from '@org/ai-providers';
import type { LedgerRecord } from '@org/ledger';

export interface ConversationWindow {
  /** Earlier turns sent at most (0: none). */
  maxTurns: number;
  /** Characters of earlier turns (user + assistant text) sent at most. */
  maxChars: number;
}

/**
 * The messages for one call: system prompt, the newest earlier turns that fit the window (successful ones
 * only, oldest dropped first), then the new user message. The new message and system prompt always go.
 */
export function buildChatMessages(
  system: string,
  earlierTurns: readonly LedgerRecord[],
  message: string,
  window: ConversationWindow,
): ChatMessage[] {
  const usable = earlierTurns.filter((turn) => turn.status === 'success' && turn.reply !== undefined);
  const kept: ChatMessage[][] = [];
  let chars = 0;
  for (let i = usable.length - 1; i >= 0 && kept.length < window.maxTurns; i--) {
    const turn = usable[i];
    if (turn === undefined) continue;
    const reply = turn.reply ?? '';
    const size = turn.message.length + reply.length;
    if (chars + size > window.maxChars) break;
    chars += size;
    kept.push([
      { role: 'user', content: turn.message },
      { role: 'assistant', content: reply },
    ]);
  }
  return [{ role: 'system', content: system }, ...kept.reverse().flat(), { role: 'user', content: message }];
}
