import { randomUUID } from 'node:crypto';
import { type ChatRequest, isProviderError, type Provider, type ProviderUsage } from '@org/ai-providers';
import {
  type ConfigResponse,
  type ConfigUpdate,
  ConfigUpdateSchema,
  DEFAULT_SYSTEM_PROMPT,
  describeIssues,
  type ExchangeStatus,
  type HealthResponse,
  type MessagesQuery,
  type MessagesResponse,
  type ModelsResponse,
  type ProcessRequest,
  type ProcessResponse,
  type ProviderInfoOutput,
  REQUEST_LIMITS,
  type StatsResponse,
  type StreamDoneEvent,
  toErrorIssues,
  type Usage,
} from '@org/contracts';
import { type Ledger, type NewLedgerRecord, toMessageRecord, toStatsResponse } from '@org/ledger';
import { defaultPricingTable, type PricingTable } from '@org/pricing';
import { buildChatMessages } from './conversation-window';
import { type Logger, silentLogger } from './logger';
import { ResponderError, toResponderError } from './responder-error';

export interface ResponderDefaults {
  model?: string;
  temperature: number;
  maxTokens: number;
}

export interface CreateResponderServiceOptions {
  provider: Provider;
  ledger: Ledger;
  /** Prices for cost estimates (default: @org/pricing's built-in table). */
  pricing?: PricingTable;
  defaults: ResponderDefaults;
  /** Window of earlier turns sent with a continued conversation (default 20 turns, 40,000 characters). */
  conversation?: { maxTurns: number; maxChars: number };
  /** `server` field of /health (default "Server B (AI Responder)", the original system's). */
  serverName?: string;
  /** Upper bound of `message`, for callers that validate through the service (default 10,000). */
  maxMessageChars?: number;
  logger?: Logger;
}

export interface ServiceCallOptions {
  /** Aborts the provider call (client went away, MCP cancellation). */
  signal?: AbortSignal;
  /** Who asked (client address), recorded in the ledger. */
  peer?: string;
}

/** What `stream()` yields: text deltas, then one `done` part (already recorded in the ledger). */
export type ResponderStreamPart =
  | { type: 'delta'; content: string }
  | { type: 'done'; event: StreamDoneEvent };

export interface ResponderService {
  readonly providerName: string;
  /** Upper bound of `message` in characters; the HTTP app and MCP tools validate with it. */
  readonly maxMessageChars: number;
  process(request: ProcessRequest, options?: ServiceCallOptions): Promise<ProcessResponse>;
  stream(request: ProcessRequest, options?: ServiceCallOptions): AsyncIterable<ResponderStreamPart>;
  models(): Promise<ModelsResponse>;
  health(): Promise<HealthResponse>;
  getConfig(): ConfigResponse;
  /** Validates with the contracts' ConfigUpdateSchema; throws ResponderError (validation_error, with `accepted` for an unknown model). */
  updateConfig(update: ConfigUpdate): { changed: string[]; config: ConfigResponse };
  messages(query: Partial<MessagesQuery>): Promise<MessagesResponse>;
  stats(): Promise<StatsResponse>;
  providerInfo(): Promise<ProviderInfoOutput>;
  /** Waits for calls in flight, then flushes the ledger (it does not close it: the owner does). */
  close(): Promise<void>;
}

export const DEFAULT_SERVER_NAME = 'Server B (AI Responder)';
const DEFAULT_WINDOW = { maxTurns: 20, maxChars: 40_000 };

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const seconds = (ms: number) => round(ms / 1000, 3);

export function createResponderService(options: CreateResponderServiceOptions): ResponderService {
  const { provider, ledger } = options;
  const pricing = options.pricing ?? defaultPricingTable;
  const window = options.conversation ?? DEFAULT_WINDOW;
  const logger = options.logger ?? silentLogger;
  const serverName = options.serverName ?? DEFAULT_SERVER_NAME;
  const current = {
    model: options.defaults.model ?? provider.defaultModel,
    temperature: options.defaults.temperature,
    maxTokens: options.defaults.maxTokens,
  };
  const inFlight = new Set<Promise<unknown>>();
  // listModels is local for every adapter (the pricing table); cached so updateConfig can stay synchronous.
  let acceptedModels: string[] = [];
  void provider
    .listModels()
    .then((models) => {
      acceptedModels = models;
    })
    .catch(() => {});

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    void promise.then(
      () => inFlight.delete(promise),
      () => inFlight.delete(promise),
    );
    return promise;
  }

  function toUsage(model: string, usage: ProviderUsage | undefined): Usage & { priced: boolean } {
    if (usage === undefined) {
      return { promptTokens: 0, completionTokens: 0, totalTokens: 0, estimatedCost: 0, priced: false };
    }
    // The mock provider costs nothing by construction: a known $0, not an unpriced model.
    const cost = provider.name === 'mock' ? { usd: 0, priced: true } : pricing.estimateCost(model, usage);
    return {
      promptTokens: usage.inputTokens,
      completionTokens: usage.outputTokens,
      totalTokens: usage.inputTokens + usage.outputTokens,
      estimatedCost: round(cost.usd, 8),
      priced: cost.priced,
    };
  }

  async function prepare(request: ProcessRequest, signal: AbortSignal | undefined) {
    const conversationId = request.conversation_id ?? randomUUID();
    const earlier =
      request.conversation_id !== undefined && window.maxTurns > 0
        ? await ledger.conversation(request.conversation_id, { maxTurns: window.maxTurns })
        : [];
    const system = request.context ?? DEFAULT_SYSTEM_PROMPT;
    const model = request.model ?? current.model;
    const chat: ChatRequest = {
      messages: buildChatMessages(system, earlier, request.message, window),
      model,
      temperature: request.temperature ?? current.temperature,
      maxTokens: request.max_tokens ?? current.maxTokens,
    };
    if (signal !== undefined) chat.signal = signal;
    return { conversationId, model, chat };
  }

  /**
   * The ledger record of one call, completed in place as the call goes. Built with every field in one literal
   * and optional ones added in a fixed order: a spread of a record whose shape varies (`...record, model, …`)
   * was the single most expensive line of a /process call (bench scenario 1).
   */
  function newRecord(
    request: ProcessRequest,
    conversationId: string,
    model: string,
    streamed: boolean,
    options: ServiceCallOptions,
  ): NewLedgerRecord {
    const record: NewLedgerRecord = {
      direction: 'inbound',
      conversationId,
      message: request.message,
      provider: provider.name,
      model,
      costUsd: 0,
      priced: false,
      processingMs: 0,
      streamed,
      status: 'success',
    };
    if (request.context !== undefined) record.context = request.context;
    if (options.peer !== undefined) record.peer = options.peer;
    return record;
  }

  function failureStatus(error: unknown, signal: AbortSignal | undefined, partial: boolean): ExchangeStatus {
    if (signal?.aborted || (isProviderError(error) && error.kind === 'aborted')) return 'aborted';
    if (partial) return 'incomplete';
    if (isProviderError(error) && error.kind === 'timeout') return 'timeout';
    return 'error';
  }

  async function recordFailure(
    record: NewLedgerRecord,
    details: { started: number; reply?: string; error: unknown; signal?: AbortSignal | undefined },
  ): Promise<ResponderError> {
    const mapped = toResponderError(details.error);
    const partial = details.reply !== undefined && details.reply !== '';
    if (mapped.code === 'internal_error') logger.error({ err: details.error }, 'responder call failed');
    if (partial) record.reply = details.reply;
    record.costUsd = 0;
    record.priced = false;
    record.processingMs = Date.now() - details.started;
    record.status = failureStatus(details.error, details.signal, partial);
    record.error = { code: mapped.code, message: mapped.message };
    await ledger.append(record);
    return mapped;
  }

  async function process(
    request: ProcessRequest,
    options: ServiceCallOptions = {},
  ): Promise<ProcessResponse> {
    const started = Date.now();
    const { conversationId, model, chat } = await prepare(request, options.signal);
    const record = newRecord(request, conversationId, model, false, options);
    let result: Awaited<ReturnType<Provider['complete']>>;
    try {
      result = await provider.complete(chat);
    } catch (error) {
      throw await recordFailure(record, { started, error, signal: options.signal });
    }
    const processingMs = Date.now() - started;
    const usage = toUsage(result.model, result.usage);
    record.model = result.model;
    record.reply = result.text;
    record.inputTokens = result.usage.inputTokens;
    record.outputTokens = result.usage.outputTokens;
    record.costUsd = usage.estimatedCost;
    record.priced = usage.priced;
    record.processingMs = processingMs;
    // Recorded before the answer leaves: a reply the client saw is always in the ledger.
    const saved = await ledger.append(record);
    return {
      status: 'success',
      aiResponse: result.text,
      model: result.model,
      provider: provider.name,
      usage,
      timestamp: saved.timestamp,
      processingTime: seconds(processingMs),
      conversationId,
      finishReason: result.finishReason,
    };
  }

  async function* stream(
    request: ProcessRequest,
    options: ServiceCallOptions = {},
  ): AsyncGenerator<ResponderStreamPart, void, undefined> {
    const started = Date.now();
    const { conversationId, model, chat } = await prepare(request, options.signal);
    const record = newRecord(request, conversationId, model, true, options);
    let reply = '';
    let settled = false;
    let resolveDone: () => void = () => {};
    // Tracked so close() waits for streams in flight too.
    void track(new Promise<void>((resolve) => (resolveDone = resolve)));
    try {
      let finish: { model: string; usage: ProviderUsage | undefined; finishReason: string } | undefined;
      try {
        for await (const part of provider.stream(chat)) {
          if (part.type === 'text-delta') {
            if (part.text === '') continue;
            reply += part.text;
            yield { type: 'delta', content: part.text };
          } else {
            finish = part;
          }
        }
      } catch (error) {
        settled = true;
        throw await recordFailure(record, { started, reply, error, signal: options.signal });
      }
      if (finish === undefined) {
        settled = true;
        throw await recordFailure(record, {
          started,
          reply,
          error: new ResponderError('provider_error', 'The provider stream ended without a finish part.'),
          signal: options.signal,
        });
      }
      const processingMs = Date.now() - started;
      const usage = toUsage(finish.model, finish.usage);
      record.model = finish.model;
      record.reply = reply;
      if (finish.usage !== undefined) {
        record.inputTokens = finish.usage.inputTokens;
        record.outputTokens = finish.usage.outputTokens;
      }
      record.costUsd = usage.estimatedCost;
      record.priced = usage.priced;
      record.processingMs = processingMs;
      await ledger.append(record);
      settled = true;
      yield {
        type: 'done',
        event: {
          done: true,
          model: finish.model,
          provider: provider.name,
          usage,
          conversationId,
          processingTime: seconds(processingMs),
          finishReason: finish.finishReason,
        },
      };
    } finally {
      if (!settled) {
        // The consumer stopped iterating (client gone) before the provider finished.
        await recordFailure(record, {
          started,
          reply,
          error: new ResponderError('aborted', 'The client stopped reading the stream.'),
          signal: AbortSignal.abort(),
        }).catch((error: unknown) => logger.error({ err: error }, 'could not record an aborted stream'));
      }
      resolveDone();
    }
  }

  function getConfig(): ConfigResponse {
    return {
      provider: provider.name,
      defaultModel: current.model,
      temperature: current.temperature,
      maxTokens: current.maxTokens,
    };
  }

  function updateConfig(update: ConfigUpdate) {
    const parsed = ConfigUpdateSchema.safeParse(update);
    if (!parsed.success) {
      const issues = toErrorIssues(parsed.error);
      throw new ResponderError('validation_error', `Invalid configuration: ${describeIssues(issues)}`, {
        details: { ...(issues[0] !== undefined && { field: issues[0].field }), issues },
      });
    }
    const { model, temperature, max_tokens } = parsed.data;
    if (model !== undefined && !provider.supportsModel(model)) {
      throw new ResponderError(
        'validation_error',
        `The ${provider.name} provider does not accept model "${model}". Accepted: ${acceptedModels.join(', ')}.`,
        {
          details: {
            field: 'model',
            issues: [{ field: 'model', message: `not a ${provider.name} model` }],
            provider: provider.name,
            accepted: acceptedModels,
          },
        },
      );
    }
    const changed: string[] = [];
    if (model !== undefined && model !== current.model) {
      current.model = model;
      changed.push('model');
    }
    if (temperature !== undefined && temperature !== current.temperature) {
      current.temperature = temperature;
      changed.push('temperature');
    }
    if (max_tokens !== undefined && max_tokens !== current.maxTokens) {
      current.maxTokens = max_tokens;
      changed.push('max_tokens');
    }
    if (changed.length > 0) logger.info({ changed, config: getConfig() }, 'configuration updated');
    return { changed, config: getConfig() };
  }

  async function health(): Promise<HealthResponse> {
    const [ai, stats] = await Promise.all([
      provider
        .health()
        .catch(() => ({ configured: true, status: 'unhealthy' as const, error: 'health check failed' })),
      ledger.stats(),
    ]);
    return {
      status: ai.status === 'healthy' ? 'healthy' : 'degraded',
      server: serverName,
      provider: provider.name,
      messagesProcessed: stats.totalRequests,
      ai: {
        configured: ai.configured,
        status: ai.status,
        ...(ai.error !== undefined && { error: ai.error }),
      },
      timestamp: new Date().toISOString(),
    };
  }

  async function models(): Promise<ModelsResponse> {
    const list = await provider.listModels();
    acceptedModels = list;
    return { provider: provider.name, models: list, default: current.model };
  }

  async function messages(query: Partial<MessagesQuery>): Promise<MessagesResponse> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const page = await ledger.history({
      limit,
      offset,
      ...(query.conversation_id !== undefined && { conversationId: query.conversation_id }),
    });
    return { total: page.total, limit, offset, messages: page.records.map(toMessageRecord) };
  }

  async function stats(): Promise<StatsResponse> {
    return toStatsResponse(await ledger.stats());
  }

  async function providerInfo(): Promise<ProviderInfoOutput> {
    const [list, ai] = await Promise.all([
      provider.listModels(),
      provider.health().catch(() => ({ configured: false })),
    ]);
    return {
      provider: provider.name,
      defaultModel: current.model,
      models: list,
      configured: ai.configured,
      temperature: current.temperature,
      maxTokens: current.maxTokens,
    };
  }

  return {
    providerName: provider.name,
    maxMessageChars: options.maxMessageChars ?? REQUEST_LIMITS.messageMaxChars,
    process: (request, options) => track(process(request, options)),
    stream,
    models,
    health,
    getConfig,
    updateConfig,
    messages,
    stats,
    providerInfo,
    async close() {
      await Promise.allSettled([...inFlight]);
      await ledger.flush();
    },
  };
}
