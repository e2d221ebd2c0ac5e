import { connect } from 'node:http2';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeBedrock, startFakeBedrock } from './fake-bedrock';

let fake: FakeBedrock | undefined;
afterEach(async () => {
  await fake?.close();
});

const codec = new EventStreamCodec(toUtf8, fromUtf8);

interface StreamOutcome {
  status: number | undefined;
  eventTypes: string[];
  rstCode: number | undefined;
}

/** One ConverseStream call over a plain HTTP/2 client; resolves when the stream closes, however it closes. */
function converseStream(url: string, text: string): Promise<StreamOutcome> {
  return new Promise((resolve, reject) => {
    const session = connect(url);
    session.on('error', reject);
    const stream = session.request({
      ':method': 'POST',
      ':path': `/model/${encodeURIComponent('us.anthropic.claude-3-7-sonnet-20250219-v1:0')}/converse-stream`,
      'content-type': 'application/json',
    });
    let status: number | undefined;
    const chunks: Buffer[] = [];
    stream.on('response', (headers) => {
      status = Number(headers[':status']);
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A reset surfaces as an 'error' before 'close'; the outcome is read from rstCode.
    stream.on('error', () => {});
    stream.on('close', () => {
      const eventTypes: string[] = [];
      let rest = Buffer.concat(chunks);
      // Each frame starts with its total length (big-endian uint32); only whole frames are decoded.
      while (rest.length >= 4 && rest.length >= rest.readUInt32BE(0)) {
        const length = rest.readUInt32BE(0);
        const message = codec.decode(rest.subarray(0, length));
        const type = message.headers[':event-type'] ?? message.headers[':exception-type'];
        eventTypes.push(String(type?.value));
        rest = rest.subarray(length);
      }
      session.close();
      resolve({ status, eventTypes, rstCode: stream.rstCode });
    });
    stream.end(JSON.stringify({ messages: [{ role: 'user', content: [{ text }] }] }));
  });
}

describe('fake Bedrock converse-stream', () => {
  it('streams the whole answer as eventstream frames, ending with metadata', async () => {
    fake = await startFakeBedrock();
    const outcome = await converseStream(fake.url, 'Hello Bedrock');
    expect(outcome).toEqual({
      status: 200,
      eventTypes: [
        'messageStart',
        'contentBlockDelta',
        'contentBlockDelta',
        'contentBlockDelta',
        'contentBlockStop',
        'messageStop',
        'metadata',
      ],
      rstCode: 0,
    });
    expect(await fake.requests[0]?.settled).toBe('completed');
  });

  // Regression: resetting with several DATA writes still queued made Node 24's HTTP/2 layer spin until the
  // worker died with std::bad_alloc; the reset must come after the queued frames, and the server must stay alive.
  it('cut-stream reset: sends the deltas before the cut, then resets with INTERNAL_ERROR', async () => {
    fake = await startFakeBedrock();
    fake.setBehavior({ type: 'cut-stream', afterDeltas: 2, mode: 'reset' });
    const outcome = await converseStream(fake.url, 'Hello Bedrock');
    expect(outcome).toEqual({
      status: 200,
      eventTypes: ['messageStart', 'contentBlockDelta', 'contentBlockDelta'],
      rstCode: 2, // NGHTTP2_INTERNAL_ERROR
    });
    expect(await fake.requests[0]?.settled).toBe('aborted');

    // The same server still answers the next call normally.
    fake.setBehavior({ type: 'ok' });
    expect((await converseStream(fake.url, 'again')).eventTypes.at(-1)).toBe('metadata');
  });
});
