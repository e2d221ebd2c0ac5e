// Synthetic ledger files for the benchmarks: realistic JSON lines written straight to disk in large
// writes (not through append), so a million records take seconds. Shared by ledger-bench.mjs,
// scale-bench.mjs and the suite's scenario 7 (bench/scenarios/07-ledger-scale.mjs).

import { closeSync, openSync, writeSync } from 'node:fs';

export const MODELS = ['gpt-4o-mini', 'gpt-4o', 'claude-3.5-sonnet-v2', 'mock-model'];

/** Ten records per conversation on average. */
export function conversationsFor(records) {
  return Math.max(1, Math.floor(records / 10));
}

/** The id of record `i`: deterministic, so a reader can check it got the right line. */
export function recordId(i) {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

/** Record `i` as one ledger line (with its `\n`). */
export function recordLine(i, conversations) {
  const model = MODELS[i % MODELS.length];
  const status = i % 50 === 0 ? 'error' : 'success';
  const base = Date.UTC(2026, 0, 1) + i * 1000;
  return `${JSON.stringify({
    id: recordId(i),
    timestamp: new Date(base).toISOString(),
    direction: 'inbound',
    conversationId: `conv-${i % conversations}`,
    message: `Question number ${i}: what is the capital of country ${i % 200}?`,
    context: 'You are a helpful AI assistant.',
    reply: `[MOCK RESPONSE #${i}] The answer to question ${i} is a city with a long history.`,
    provider: 'mock',
    model,
    inputTokens: 20 + (i % 30),
    outputTokens: 40 + (i % 70),
    costUsd: 0.000015 * (1 + (i % 5)),
    priced: model !== 'mock-model',
    processingMs: 50 + ((i * 7919) % 2000),
    streamed: i % 3 === 0,
    status,
  })}\n`;
}

/** Writes records 0 … records-1 to `path` (truncating it) in writes of about 16 MB. */
export function writeLedgerFile(path, records, conversations = conversationsFor(records)) {
  const fd = openSync(path, 'w');
  try {
    let chunk = [];
    let chunkBytes = 0;
    for (let i = 0; i < records; i++) {
      const line = recordLine(i, conversations);
      chunk.push(line);
      chunkBytes += line.length;
      if (chunkBytes > 16 * 1024 * 1024) {
        writeSync(fd, chunk.join(''));
        chunk = [];
        chunkBytes = 0;
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk.join(''));
  } finally {
    closeSync(fd);
  }
}
