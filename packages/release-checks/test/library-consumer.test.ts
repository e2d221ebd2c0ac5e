import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type FakeOpenAI,
  fakeInputTokens,
  fakeOutputTokens,
  fakeReplyText,
  startFakeOpenAI,
} from '@org/test-fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, pnpmPack } from './helpers/pack';
import { runCommandOrThrow } from './helpers/run-command';

// A project outside the workspace installs the packed @org/pricing and @org/ai-providers from their tarballs
// with plain npm, as another team would from the registry: no workspace links, no hoisting accidents.
const workDir = makeTempDir('consumer');
const projectDir = join(workDir, 'project');
let fakeOpenAI: FakeOpenAI;

beforeAll(async () => {
  const pricing = await pnpmPack('packages/pricing', workDir);
  const aiProviders = await pnpmPack('packages/ai-providers', workDir);
  await runCommandOrThrow('mkdir', ['-p', projectDir], { cwd: workDir });
  await runCommandOrThrow('npm', ['init', '-y'], { cwd: projectDir });
  await runCommandOrThrow('npm', ['pkg', 'set', 'type=module'], { cwd: projectDir });
  await runCommandOrThrow(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      pricing.filename,
      aiProviders.filename,
      'typescript@5.9',
      '@types/node@20',
    ],
    { cwd: projectDir },
  );
  fakeOpenAI = await startFakeOpenAI({ apiKey: 'sk-dummy' });
});

afterAll(async () => {
  await fakeOpenAI?.close();
  rmSync(workDir, { recursive: true, force: true });
});

function writeProjectFile(name: string, content: string): string {
  const path = join(projectDir, name);
  writeFileSync(path, content);
  return path;
}

describe('a project that installs @org/pricing and @org/ai-providers from their tarballs', () => {
  it('runs the mock provider from plain ESM JavaScript: complete and stream give the seed-style text', async () => {
    const script = writeProjectFile(
      'mock.mjs',
      `import { createProvider } from '@org/ai-providers';
const provider = createProvider({ provider: 'mock' });
const result = await provider.complete({ messages: [{ role: 'user', content: 'Hello from npm' }] });
let streamed = '';
let finish;
for await (const part of provider.stream({ messages: [{ role: 'user', content: 'Stream please' }] })) {
  if (part.type === 'text-delta') streamed += part.text;
  else finish = part;
}
console.log(JSON.stringify({ result, streamed, finish }));
`,
    );
    const { stdout } = await runCommandOrThrow('node', [script], { cwd: projectDir });
    const output = JSON.parse(stdout) as {
      result: { text: string; usage: { inputTokens: number; outputTokens: number }; finishReason: string };
      streamed: string;
      finish: { type: string; finishReason: string };
    };
    expect(output.result.text).toBe(
      "[MOCK RESPONSE #1] You said: 'Hello from npm'. This is a test response without calling any external API.",
    );
    expect(output.result.usage.inputTokens).toBeGreaterThan(0);
    expect(output.result.usage.outputTokens).toBeGreaterThan(0);
    expect(output.result.finishReason).toBe('stop');
    expect(output.streamed).toBe(
      "[MOCK RESPONSE #2] You said: 'Stream please'. This is a test response without calling any external API.",
    );
    expect(output.finish).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });

  it('type-checks TypeScript (strict, moduleResolution nodenext) against the published .d.ts files', async () => {
    writeProjectFile(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          // Our own declarations are checked; third-party ones (openai, AWS SDK) are their authors' concern.
          skipLibCheck: false,
          types: ['node'],
        },
        include: ['consumer.ts'],
      }),
    );
    writeProjectFile(
      'consumer.ts',
      `import {
  type ChatResult,
  createProvider,
  isProviderError,
  type Provider,
  ProviderError,
  type ProviderErrorKind,
  type StreamPart,
} from '@org/ai-providers';
import { type CostEstimate, estimateCost, resolveModel } from '@org/pricing';

const provider: Provider = createProvider({ provider: 'openai', apiKey: 'sk-test', defaultModel: 'gpt-4o-mini' });

export async function ask(text: string): Promise<{ text: string; usd: number; priced: boolean }> {
  try {
    const result: ChatResult = await provider.complete({ messages: [{ role: 'user', content: text }], maxTokens: 50 });
    const cost: CostEstimate = estimateCost(result.model, {
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
    });
    return { text: result.text, usd: cost.usd, priced: cost.priced };
  } catch (error) {
    if (error instanceof ProviderError) {
      const kind: ProviderErrorKind = error.kind;
      const status: number | undefined = error.status;
      const retryAfterMs: number | undefined = error.retryAfterMs;
      throw new Error(\`\${kind} \${status ?? ''} \${retryAfterMs ?? ''}\`);
    }
    if (isProviderError(error)) throw error;
    throw error;
  }
}

export async function collect(): Promise<string> {
  let text = '';
  for await (const part of provider.stream({ messages: [{ role: 'user', content: 'hi' }] }) as AsyncIterable<StreamPart>) {
    if (part.type === 'text-delta') text += part.text;
    else text += \` (\${part.finishReason}, \${part.usage?.outputTokens ?? 0} tokens)\`;
  }
  return text;
}

export const resolved: string | undefined = resolveModel('gpt-4o-mini')?.provider;

// The types are real, not any: a wrong provider name and a wrong usage field must not compile.
// @ts-expect-error 'nope' is not a provider
createProvider({ provider: 'nope' });
// @ts-expect-error estimateCost takes inputTokens/outputTokens, not prompt/completion
estimateCost('gpt-4o-mini', { prompt: 1, completion: 1 });
`,
    );
    const tsc = join(projectDir, 'node_modules/.bin/tsc');
    const result = await runCommandOrThrow(tsc, ['-p', 'tsconfig.json'], { cwd: projectDir });
    expect(result.stdout).toBe('');
  });

  it('reaches an OpenAI-compatible server through the OpenAI adapter (baseURL) and reports its usage', async () => {
    const script = writeProjectFile(
      'openai.mjs',
      `import { createProvider } from '@org/ai-providers';
const provider = createProvider({ provider: 'openai', apiKey: 'sk-dummy', baseURL: process.argv[2], maxRetries: 0 });
const result = await provider.complete({ messages: [{ role: 'user', content: 'Hello fake OpenAI' }], model: 'gpt-4o-mini' });
console.log(JSON.stringify(result));
`,
    );
    const { stdout } = await runCommandOrThrow('node', [script, fakeOpenAI.url], { cwd: projectDir });
    const result = JSON.parse(stdout) as {
      text: string;
      usage: { inputTokens: number; outputTokens: number };
    };
    const messages = [{ role: 'user' as const, content: 'Hello fake OpenAI' }];
    const reply = fakeReplyText(messages);
    expect(result.text).toBe(reply);
    expect(result.usage).toMatchObject({
      inputTokens: fakeInputTokens(messages),
      outputTokens: fakeOutputTokens(reply),
    });
    expect(fakeOpenAI.requests.at(-1)?.headers.authorization).toBe('Bearer sk-dummy');
  });
});
