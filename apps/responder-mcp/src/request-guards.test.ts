import type { IncomingMessage } from 'node:http';
import { IncomingMessage as NodeIncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hasBearerKey, rebindingRefusal } from './request-guards';

function requestWith(headers: Record<string, string>): IncomingMessage {
  const request = new NodeIncomingMessage(new Socket());
  request.headers = headers;
  return request;
}

describe('rebindingRefusal on a loopback bind', () => {
  it('accepts loopback Host headers with or without a port', () => {
    for (const host of ['127.0.0.1:8002', 'localhost:8002', 'localhost', '[::1]:8002']) {
      expect(rebindingRefusal(requestWith({ host }), '127.0.0.1'), host).toBeUndefined();
    }
  });

  it('refuses a rebound name in Host', () => {
    expect(rebindingRefusal(requestWith({ host: 'evil.example:8002' }), '127.0.0.1')).toMatch(/Host/);
  });

  it('refuses a foreign or null Origin', () => {
    const host = '127.0.0.1:8002';
    expect(rebindingRefusal(requestWith({ host, origin: 'http://evil.example' }), '127.0.0.1')).toMatch(
      /Origin/,
    );
    expect(rebindingRefusal(requestWith({ host, origin: 'null' }), '127.0.0.1')).toMatch(/Origin/);
    expect(
      rebindingRefusal(requestWith({ host, origin: 'http://localhost:6274' }), '127.0.0.1'),
    ).toBeUndefined();
  });

  it('leaves a non-loopback bind to the bearer key', () => {
    expect(rebindingRefusal(requestWith({ host: 'mcp.example.com' }), '0.0.0.0')).toBeUndefined();
  });
});

describe('hasBearerKey', () => {
  it('accepts exactly the configured key', () => {
    expect(hasBearerKey(requestWith({ authorization: 'Bearer s3cret-key' }), 's3cret-key')).toBe(true);
    expect(hasBearerKey(requestWith({ authorization: 'Bearer s3cret-kez' }), 's3cret-key')).toBe(false);
    expect(hasBearerKey(requestWith({ authorization: 'Bearer s3cret' }), 's3cret-key')).toBe(false);
    expect(hasBearerKey(requestWith({}), 's3cret-key')).toBe(false);
  });
});
