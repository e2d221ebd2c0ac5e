import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs the built demo exactly as `pnpm demo` does (turbo's test task builds it and both apps first).
const demoPath = fileURLToPath(new URL('../dist/demo.js', import.meta.url));

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [demoPath], {
      // The mock provider whatever keys the machine has: the assertions below read its canned replies.
      env: { ...process.env, AI_PROVIDER: 'mock', MOCK_LATENCY_MS: '5', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnpm demo', () => {
  it('runs every step against a mock responder and exits 0', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await runDemo();
    expect(code, `stderr:\n${stderr}\nstdout:\n${stdout}`).toBe(0);

    expect(stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(provider: mock\)/);
    expect(stdout).toContain('connected to messenger-server');
    expect(stdout).toMatch(/Server B at http:\/\/127\.0\.0\.1:\d+ is healthy/);
    expect(stdout).toContain('models: mock-model');

    // Both replies come from the mock, the second in the first one's conversation.
    expect(stdout).toContain("< [MOCK RESPONSE #1] You said: 'Hello from the mcp-communication demo!'.");
    expect(stdout).toContain(
      "< [MOCK RESPONSE #2] You said: 'And a second message in the same conversation.'.",
    );
    const conversationIds = [...stdout.matchAll(/conversation_id ([\w-]+)/g)].map((match) => match[1]);
    expect(conversationIds.length).toBeGreaterThanOrEqual(3);
    expect(new Set(conversationIds).size).toBe(1);

    // The streamed reply shows partial text as progress before the full reply.
    const progressLines = stdout.split('\n').filter((text) => text.startsWith('   … '));
    expect(progressLines.length).toBeGreaterThan(0);
    expect(progressLines[0]).toContain('[MOCK');
    expect(stdout).toContain("< [MOCK RESPONSE #3] You said: 'Please stream this reply word by word.'.");

    expect(stdout).toContain('3 messages, 3 AI responses');
    expect(stdout).toMatch(/3 requests, \d+ tokens/);
    expect(stdout).toContain('- mock-model: 3 requests');
    expect(stdout).toContain('Demo finished: everything worked.');
  });

  it('fails with exit 1 and a reason when the responder cannot start', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, [demoPath], {
      env: { ...process.env, AI_PROVIDER: 'no-such-provider' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('demo failed: responder-http exited during start-up');
    expect(stderr).toContain('AI_PROVIDER');
  });
});
