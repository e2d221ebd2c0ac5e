import type { SendMessageInput, Usage } from '@org/contracts';
import type { NewLedgerRecord } from '@org/ledger';
import type { DescribedFailure } from './describe-failure';
import type { MessengerDeps } from './messenger-deps';

export interface ExchangeOutcome {
  conversationId: string | undefined;
  reply?: string;
  provider?: string;
  model?: string;
  usage?: Usage;
  failure?: DescribedFailure;
}

/**
 * Appends one outbound exchange to the ledger. A ledger failure is logged, not thrown: the user
 * should still get the reply they paid for.
 */
export async function recordExchange(
  deps: MessengerDeps,
  input: SendMessageInput,
  outcome: ExchangeOutcome,
  startedAt: number,
  streamed: boolean,
): Promise<void> {
  const record: NewLedgerRecord = {
    direction: 'outbound',
    peer: deps.serverUrl,
    // A failed call has no id from Server B; the exchange still needs one to be listed.
    conversationId: outcome.conversationId ?? input.conversation_id ?? crypto.randomUUID(),
    message: input.message,
    ...(input.context !== undefined && { context: input.context }),
    ...(outcome.reply !== undefined && { reply: outcome.reply }),
    provider: outcome.provider ?? 'unknown',
    model: outcome.model ?? input.model ?? 'unknown',
    ...(outcome.usage !== undefined && {
      inputTokens: outcome.usage.promptTokens,
      outputTokens: outcome.usage.completionTokens,
    }),
    costUsd: outcome.usage?.estimatedCost ?? 0,
    priced: outcome.usage?.priced ?? outcome.usage !== undefined,
    processingMs: Math.max(0, performance.now() - startedAt),
    streamed,
    status: outcome.failure?.status ?? 'success',
    ...(outcome.failure !== undefined && {
      error: { code: outcome.failure.code, message: outcome.failure.message },
    }),
  };
  try {
    await deps.ledger.append(record);
  } catch (error) {
    deps.logger.warn(
      `could not record the exchange in the ledger: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The `/process` body from the tool arguments, without undefined fields. */
export function toRequestBody(input: SendMessageInput): SendMessageInput {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== undefined),
  ) as SendMessageInput;
}

export function formatUsage(usage: Usage, model: string, seconds: number): string {
  const cost =
    usage.priced === false ? 'cost unknown (model not priced)' : `$${usage.estimatedCost.toFixed(6)}`;
  return `[${model} · ${usage.promptTokens}+${usage.completionTokens} tokens · ${cost} · ${seconds.toFixed(2)} s]`;
}
