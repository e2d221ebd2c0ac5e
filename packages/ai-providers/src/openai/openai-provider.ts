import { listModelEntries, resolveModel } from '@org/pricing';
import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { createDeadline, linkedAbortController } from '../abort';
import { abortedError, isProviderError, ProviderError } from '../provider-error';
import type {
  ChatRequest,
  ChatResult,
  FinishReason,
  OpenAIProviderConfig,
  Provider,
  ProviderHealth,
  ProviderUsage,
  StreamPart,
} from '../types';
import { mapOpenAIError, redactOpenAIKey, refusedParameter } from './map-openai-error';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import { createNodeHttpFetch, type FetchLike } from './node-http-fetch';
import { loadOpenAISdk } from './openai-sdk';

export type OpenAIProviderOptions = Omit<OpenAIProviderConfig, 'provider'> & {
  provider?: 'openai';
  /**
   * The `fetch` the SDK sends with. Default: node:http/https with keep-alive (see node-http-fetch.ts), about a
   * third of the CPU of Node's global fetch per call; pass `globalThis.fetch` for the SDK's own default.
   */
  fetch?: FetchLike;
};

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const HEALTH_TIMEOUT_MS = 5_000;

interface LearnedParameters {
  useMaxCompletionTokens?: boolean;
  omitTemperature?: boolean;
}

type ChatParams = Pick<
  ChatCompletionCreateParamsBase,
  'model' | 'messages' | 'max_tokens' | 'max_completion_tokens' | 'temperature'
>;

function mapUsage(usage: OpenAI.CompletionUsage | null | undefined): ProviderUsage | undefined {
  if (!usage) return undefined;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    ...(cached ? { cachedInputTokens: cached } : {}),
  };
}

/**
 * OpenAI (or any Chat Completions compatible server via `baseURL`) through the official SDK.
 *
 * Retries: the SDK's `maxRetries` defaults to 0 here. One retry loop per hop: the messenger's client retries
 * the hop A→B, so the responder must not multiply those attempts by retrying OpenAI again underneath.
 */
export function createOpenAIProvider(options: OpenAIProviderOptions = {}): Provider {
  const defaultModel = options.defaultModel ?? 'gpt-4o-mini';
  const apiKey = options.apiKey;
  // Per instance: what unknown models (absent from @org/pricing) refused, learned from their 400 answers.
  const learned = new Map<string, LearnedParameters>();
  let client: OpenAI | undefined;

  async function getClient(): Promise<OpenAI> {
    if (!apiKey) {
      throw new ProviderError({
        kind: 'auth',
        provider: 'openai',
        message: 'OpenAI API key is missing: set OPENAI_API_KEY (or pass apiKey to the provider).',
      });
    }
    const sdk = await loadOpenAISdk();
    client ??= new sdk.OpenAI({
      apiKey,
      // Explicit, so the SDK never falls back to reading OPENAI_BASE_URL from the environment itself.
      baseURL: options.baseURL ?? DEFAULT_BASE_URL,
      maxRetries: options.maxRetries ?? 0,
      fetch: options.fetch ?? createNodeHttpFetch(),
      ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    });
    return client;
  }

  function buildParams(request: ChatRequest): ChatParams {
    const requested = request.model ?? defaultModel;
    const resolved = resolveModel(requested);
    const entry = resolved?.provider === 'openai' ? resolved.entry : undefined;
    const model = resolved?.provider === 'openai' ? resolved.requestId : requested;
    const learnedForModel = learned.get(model) ?? {};
    const params: ChatParams = {
      model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (request.maxTokens !== undefined) {
      // What the server told us wins over the table (the table may lag behind a model change).
      const tokenParam = learnedForModel.useMaxCompletionTokens
        ? 'max_completion_tokens'
        : (entry?.tokenLimitParam ?? 'max_tokens');
      params[tokenParam] = request.maxTokens;
    }
    const acceptsTemperature = !learnedForModel.omitTemperature && (entry?.acceptsTemperature ?? true);
    if (request.temperature !== undefined && acceptsTemperature) params.temperature = request.temperature;
    return params;
  }

  /**
   * Sends, and when an unknown model refuses `max_tokens` or `temperature` with a 400, retries with
   * `max_completion_tokens` / without temperature, remembering that for the model. Each parameter is adjusted
   * at most once, so at most two extra attempts (a reasoning model refuses both, one per answer).
   */
  async function sendWithParameterFallback<T>(
    request: ChatRequest,
    send: (params: ChatParams) => Promise<T>,
  ) {
    let params = buildParams(request);
    for (let attempt = 0; ; attempt++) {
      try {
        return await send(params);
      } catch (error) {
        const refused = attempt < 2 ? refusedParameter(error) : undefined;
        const current = learned.get(params.model) ?? {};
        if (refused === 'max_tokens' && params.max_tokens !== undefined && !current.useMaxCompletionTokens) {
          learned.set(params.model, { ...current, useMaxCompletionTokens: true });
        } else if (
          refused === 'temperature' &&
          params.temperature !== undefined &&
          !current.omitTemperature
        ) {
          learned.set(params.model, { ...current, omitTemperature: true });
        } else {
          throw error;
        }
        params = buildParams(request);
      }
    }
  }

  async function complete(request: ChatRequest): Promise<ChatResult> {
    try {
      const openai = await getClient();
      const completion = await sendWithParameterFallback(request, (params) =>
        openai.chat.completions.create({ ...params, stream: false }, { signal: request.signal }),
      );
      const choice = completion.choices[0];
      return {
        text: choice?.message.content ?? '',
        model: completion.model || (request.model ?? defaultModel),
        usage: mapUsage(completion.usage) ?? { inputTokens: 0, outputTokens: 0 },
        finishReason: mapOpenAIFinishReason(choice?.finish_reason),
      };
    } catch (error) {
      throw mapOpenAIError(error, { apiKey, signal: request.signal });
    }
  }

  async function* stream(request: ChatRequest): AsyncIterable<StreamPart> {
    const { controller, dispose } = linkedAbortController(request.signal);
    // The SDK's timeout ends at the response headers; this one also catches a stream that goes silent.
    const deadline = createDeadline(controller, options.timeoutMs);
    let finished = false;
    try {
      const openai = await getClient();
      const chunks = await sendWithParameterFallback(request, (params) =>
        openai.chat.completions.create(
          { ...params, stream: true, stream_options: { include_usage: true } },
          { signal: controller.signal },
        ),
      );
      let model = request.model ?? defaultModel;
      let usage: ProviderUsage | undefined;
      let finishReason: FinishReason | undefined;
      for await (const chunk of chunks) {
        deadline.touch();
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = mapUsage(chunk.usage);
        // With include_usage the last chunk has `choices: []` and only carries usage.
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const text = choice.delta?.content;
        if (text) yield { type: 'text-delta', text };
        if (choice.finish_reason) finishReason = mapOpenAIFinishReason(choice.finish_reason);
      }
      if (deadline.timedOut()) throw streamTimeoutError(options.timeoutMs);
      // The SDK ends the iteration quietly when its signal aborts; that is the caller's abort, not an answer.
      if (controller.signal.aborted) throw abortedError('openai', controller.signal.reason);
      if (finishReason === undefined && usage === undefined) {
        // The body ended before any finish_reason: the connection was cut, not a finished answer.
        throw new ProviderError({
          kind: 'unavailable',
          provider: 'openai',
          message: 'OpenAI stream ended before the answer was complete.',
        });
      }
      finished = true;
      yield { type: 'finish', model, usage, finishReason: finishReason ?? 'other' };
    } catch (error) {
      if (deadline.timedOut() && !isProviderError(error)) throw streamTimeoutError(options.timeoutMs);
      throw mapOpenAIError(error, { apiKey, signal: request.signal });
    } finally {
      // Reached early when the consumer stops iterating: abort so the upstream request stops too.
      if (!finished) controller.abort();
      deadline.clear();
      dispose();
    }
  }

  function streamTimeoutError(ms: number | undefined): ProviderError {
    return new ProviderError({
      kind: 'timeout',
      provider: 'openai',
      message: `OpenAI sent nothing for ${ms} ms during the stream (request timeout).`,
    });
  }

  return {
    name: 'openai',
    defaultModel,
    complete,
    stream,
    async listModels() {
      // From the pricing table: no network call, works without a key.
      return listModelEntries('openai').map((entry) => entry.id);
    },
    supportsModel(model: string) {
      const resolved = resolveModel(model);
      // Unknown ids are accepted: compatible servers (vLLM, Ollama, LM Studio) serve models of any name.
      return resolved ? resolved.provider === 'openai' : true;
    },
    async health(signal?: AbortSignal): Promise<ProviderHealth> {
      if (!apiKey)
        return { configured: false, status: 'not_configured', error: 'OPENAI_API_KEY is not set.' };
      try {
        await (await getClient()).models.list({ signal, timeout: HEALTH_TIMEOUT_MS, maxRetries: 0 });
        return { configured: true, status: 'healthy' };
      } catch (error) {
        const mapped = mapOpenAIError(error, { apiKey, signal });
        return { configured: true, status: 'unhealthy', error: redactOpenAIKey(mapped.message, apiKey) };
      }
    },
  };
}
