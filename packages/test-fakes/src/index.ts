/**
 * @org/test-fakes — local servers speaking the real OpenAI and Bedrock wire formats, for tests that drive the
 * real SDKs over real sockets on 127.0.0.1.
 *
 * ```ts
 * const openai = await startFakeOpenAI({ rejectParameters: { o3: ['max_tokens', 'temperature'] } });
 * // new OpenAI({ baseURL: openai.url, apiKey: 'sk-test' }) ...
 * openai.enqueueBehavior({ type: 'error', status: 429, retryAfterSeconds: 2 }); // next request only
 * openai.setBehavior({ type: 'stall' });                                       // every request from now on
 * openai.requests[0]?.body;            // parsed JSON body the client sent
 * await openai.requests[0]?.settled;   // 'completed' | 'aborted' (client went away before the end)
 * await openai.close();
 *
 * const bedrock = await startFakeBedrock({ requireInferenceProfile: ['anthropic.claude-3-7-sonnet-20250219-v1:0'] });
 * // new BedrockRuntimeClient({ endpoint: bedrock.url, region: 'us-east-1', credentials: {...dummy} })
 * bedrock.requests[0]?.modelId;        // decoded model id from /model/{id}/converse(-stream)
 * ```
 *
 * Replies are deterministic: `Echo: <last user message>` (see `fakeReplyText`); input tokens are
 * ceil(characters of all messages / 4), output tokens the reply's word count. Streams send one chunk per word.
 */
export type {
  FakeBedrock,
  FakeBedrockBehavior,
  FakeBedrockOptions,
  RecordedBedrockRequest,
} from './fake-bedrock';
export { onDemandRefusalMessage, startFakeBedrock } from './fake-bedrock';
export type { FakeOpenAI, FakeOpenAIBehavior, FakeOpenAIOptions, RecordedHttpRequest } from './fake-openai';
export { startFakeOpenAI } from './fake-openai';
export type { FakeChatMessage } from './reply';
export { fakeInputTokens, fakeOutputTokens, fakeReplyText, splitIntoWordChunks } from './reply';
