import type {
  BedrockRuntimeClient,
  BedrockRuntimeClientConfig,
  ConverseCommandInput,
  Message,
} from '@aws-sdk/client-bedrock-runtime';
import { listModelEntries, resolveModel } from '@org/pricing';
import { createDeadline, linkedAbortController } from '../abort';
import { abortedError, ProviderError } from '../provider-error';
import type {
  BedrockProviderConfig,
  ChatRequest,
  ChatResult,
  FinishReason,
  Provider,
  ProviderHealth,
  ProviderUsage,
  StreamPart,
} from '../types';
import { mapBedrockError } from './map-bedrock-error';
import { mapBedrockStopReason } from './map-bedrock-stop-reason';

let sdk: Promise<typeof import('@aws-sdk/client-bedrock-runtime')> | undefined;
const loadSdk = () => {
  sdk ??= import('@aws-sdk/client-bedrock-runtime');
  return sdk;
};

export type BedrockProviderOptions = Omit<BedrockProviderConfig, 'provider'> & { provider?: 'bedrock' };

const HEALTH_TIMEOUT_MS = 5_000;

function mapUsage(
  usage: { inputTokens?: number; outputTokens?: number; cacheReadInputTokens?: number } | undefined,
): ProviderUsage | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.inputTokens ?? 0,
    outputTokens: usage.outputTokens ?? 0,
    ...(usage.cacheReadInputTokens ? { cachedInputTokens: usage.cacheReadInputTokens } : {}),
  };
}

/**
 * Converse wants system text apart and strictly alternating user/assistant turns: consecutive messages of the
 * same role are merged (joined by a blank line).
 */
function toConverseMessages(request: ChatRequest): Pick<ConverseCommandInput, 'system' | 'messages'> {
  const system = request.messages.filter((m) => m.role === 'system').map((m) => ({ text: m.content }));
  const messages: Message[] = [];
  for (const m of request.messages) {
    if (m.role === 'system') continue;
    const last = messages.at(-1);
    const lastBlock = last?.content?.[0];
    if (last && last.role === m.role && lastBlock && 'text' in lastBlock && lastBlock.text !== undefined) {
      last.content = [{ text: `${lastBlock.text}\n\n${m.content}` }];
    } else {
      messages.push({ role: m.role, content: [{ text: m.content }] });
    }
  }
  return { ...(system.length > 0 ? { system } : {}), messages };
}

/**
 * AWS Bedrock through the Converse / ConverseStream APIs, so every Bedrock text model works the same way.
 *
 * Credentials: explicit `credentials`, else the AWS SDK default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
 * AWS_PROFILE or `profile`, SSO, IAM role). Retries: SDK `maxAttempts` = (maxRetries ?? 0) + 1: one retry loop
 * per hop, owned by the caller of the responder.
 */
export function createBedrockProvider(options: BedrockProviderOptions = {}): Provider {
  const defaultModel = options.defaultModel ?? 'anthropic.claude-3-5-sonnet-20241022-v2:0';
  let client: BedrockRuntimeClient | undefined;

  // The AWS SDK loads on first use (~90 ms of start-up): an app on another provider never pays for it.
  async function getClient(): Promise<BedrockRuntimeClient> {
    if (!client) {
      const { BedrockRuntimeClient } = await loadSdk();
      const config: BedrockRuntimeClientConfig = {
        region: options.region ?? 'us-east-1',
        maxAttempts: (options.maxRetries ?? 0) + 1,
      };
      if (options.endpoint) config.endpoint = options.endpoint;
      if (options.credentials) config.credentials = options.credentials;
      else if (options.profile) config.profile = options.profile;
      client = new BedrockRuntimeClient(config);
    }
    return client;
  }

  function buildInput(request: ChatRequest): { input: ConverseCommandInput; modelId: string } {
    const requested = request.model ?? defaultModel;
    const resolved = resolveModel(requested);
    const entry = resolved?.provider === 'bedrock' ? resolved.entry : undefined;
    // Aliases become full ids; an inference-profile prefix the caller gave is kept (requestId); unknown ids pass.
    const modelId = resolved?.provider === 'bedrock' ? resolved.requestId : requested;
    const inferenceConfig: NonNullable<ConverseCommandInput['inferenceConfig']> = {};
    if (request.maxTokens !== undefined) inferenceConfig.maxTokens = request.maxTokens;
    // We never send topP, so acceptsTemperatureWithTopP needs no handling; only a model refusing temperature does.
    if (request.temperature !== undefined && (entry?.acceptsTemperature ?? true)) {
      inferenceConfig.temperature = request.temperature;
    }
    return {
      modelId,
      input: {
        modelId,
        ...toConverseMessages(request),
        ...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
      },
    };
  }

  async function complete(request: ChatRequest): Promise<ChatResult> {
    const { input, modelId } = buildInput(request);
    const { controller, dispose } = linkedAbortController(request.signal);
    const deadline = createDeadline(controller, options.timeoutMs);
    try {
      const { ConverseCommand } = await loadSdk();
      const output = await (await getClient()).send(new ConverseCommand(input), {
        abortSignal: controller.signal,
      });
      const text = (output.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
      return {
        text,
        model: modelId,
        usage: mapUsage(output.usage) ?? { inputTokens: 0, outputTokens: 0 },
        finishReason: mapBedrockStopReason(output.stopReason),
      };
    } catch (error) {
      throw mapBedrockError(error, { modelId, signal: request.signal, timedOut: deadline.timedOut() });
    } finally {
      deadline.clear();
      dispose();
    }
  }

  async function* stream(request: ChatRequest): AsyncIterable<StreamPart> {
    const { input, modelId } = buildInput(request);
    const { controller, dispose } = linkedAbortController(request.signal);
    const deadline = createDeadline(controller, options.timeoutMs);
    let finished = false;
    try {
      const { ConverseStreamCommand } = await loadSdk();
      const output = await (await getClient()).send(new ConverseStreamCommand(input), {
        abortSignal: controller.signal,
      });
      let usage: ProviderUsage | undefined;
      let finishReason: FinishReason | undefined;
      for await (const event of output.stream ?? []) {
        deadline.touch();
        const text = event.contentBlockDelta?.delta?.text;
        if (text) yield { type: 'text-delta', text };
        if (event.messageStop) finishReason = mapBedrockStopReason(event.messageStop.stopReason);
        if (event.metadata) usage = mapUsage(event.metadata.usage);
        const failure =
          event.internalServerException ??
          event.modelStreamErrorException ??
          event.validationException ??
          event.throttlingException ??
          event.serviceUnavailableException;
        if (failure) throw failure;
      }
      if (controller.signal.aborted) throw abortedError('bedrock', controller.signal.reason);
      if (finishReason === undefined) {
        throw new ProviderError({
          kind: 'unavailable',
          provider: 'bedrock',
          message: 'Bedrock stream ended before the answer was complete (no messageStop).',
        });
      }
      finished = true;
      yield { type: 'finish', model: modelId, usage, finishReason };
    } catch (error) {
      throw mapBedrockError(error, { modelId, signal: request.signal, timedOut: deadline.timedOut() });
    } finally {
      // Reached early when the consumer stops iterating: abort so the upstream stream stops too.
      if (!finished) controller.abort();
      deadline.clear();
      dispose();
    }
  }

  return {
    name: 'bedrock',
    defaultModel,
    complete,
    stream,
    async listModels() {
      return listModelEntries('bedrock').map((entry) => entry.id);
    },
    supportsModel(model: string) {
      const resolved = resolveModel(model);
      if (resolved) return resolved.provider === 'bedrock';
      // Unknown ids that look like Bedrock's `vendor.model` (optionally with a profile prefix) pass through.
      return /^[a-z][a-z0-9-]*\.[a-z]/i.test(model);
    },
    /**
     * Configured means the credential chain resolves (no call to AWS: a Converse costs money and the control
     * plane needs extra permissions). Whether the keys are valid shows on the first real call.
     */
    async health(signal?: AbortSignal): Promise<ProviderHealth> {
      const { controller, dispose } = linkedAbortController(signal);
      const timer = setTimeout(() => controller.abort(), HEALTH_TIMEOUT_MS);
      try {
        const resolveCredentials = (await getClient()).config.credentials;
        const credentials = await Promise.race([
          resolveCredentials(),
          new Promise<never>((_, reject) =>
            controller.signal.addEventListener(
              'abort',
              () => reject(new Error('credential lookup timed out')),
              {
                once: true,
              },
            ),
          ),
        ]);
        if (!credentials.accessKeyId) throw new Error('no access key id');
        return { configured: true, status: 'healthy' };
      } catch (error) {
        const mapped = mapBedrockError(error, { modelId: defaultModel });
        return { configured: false, status: 'not_configured', error: mapped.message };
      } finally {
        clearTimeout(timer);
        dispose();
      }
    },
  };
}
