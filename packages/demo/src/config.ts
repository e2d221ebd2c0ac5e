// The only file of the demo that reads the environment.

/** What the demo passes on to the processes it starts. */
export interface DemoEnvironment {
  /** The whole environment, so a `.env`-less shell with OPENAI_API_KEY etc. still picks that provider. */
  inherited: Record<string, string>;
  /** Mock reply delay, so a person watching sees the call take time; MOCK_LATENCY_MS overrides it. */
  mockLatencyMs: string;
  /** Pause between streamed mock words, so the stream visibly grows; MOCK_STREAM_DELAY_MS overrides it. */
  mockStreamDelayMs: string;
  responderApiKey: string | undefined;
}

export function readDemoEnvironment(): DemoEnvironment {
  const env = process.env;
  const inherited: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) inherited[name] = value;
  return {
    inherited,
    mockLatencyMs: env.MOCK_LATENCY_MS || '30',
    mockStreamDelayMs: env.MOCK_STREAM_DELAY_MS || '40',
    responderApiKey: env.RESPONDER_API_KEY || undefined,
  };
}
