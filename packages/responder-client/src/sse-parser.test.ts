import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

function feed(chunks: string[]) {
  const parser = new SseParser();
  return { events: chunks.flatMap((chunk) => parser.push(chunk)), parser };
}

describe('SseParser', () => {
  it('returns events whatever the chunking, including a CRLF split between chunks', () => {
    const wire = 'data: one\r\n\r\ndata: two\r\r: ping\n\ndata: three\n\n';
    const whole = feed([wire]).events;
    expect(whole).toEqual([{ data: 'one' }, { data: 'two' }, { data: 'three' }]);
    for (let cut = 1; cut < wire.length; cut++) {
      expect(feed([wire.slice(0, cut), wire.slice(cut)]).events).toEqual(whole);
    }
    expect(feed([...wire]).events).toEqual(whole);
  });

  it('joins multi-line data, keeps the event name and ignores comments, id and retry', () => {
    const { events } = feed(['event: update\nid: 7\nretry: 10\n: note\ndata: a\ndata:b\ndata:  c\n\n']);
    expect(events).toEqual([{ event: 'update', data: 'a\nb\n c' }]);
  });

  it('does not dispatch an unfinished event, and says one is pending', () => {
    const { events, parser } = feed(['data: {"content":"x"}\n']);
    expect(events).toEqual([]);
    expect(parser.hasPartialEvent).toBe(true);
  });
});
