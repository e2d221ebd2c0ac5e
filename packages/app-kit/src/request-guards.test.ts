import type { IncomingMessage } from 'node:http';
import { IncomingMessage as NodeIncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allowedHostnamesFor, hasBearerKey, rebindingRefusal } from './request-guards';

function requestWith(headers: Record<string, string>): IncomingMessage {
  const request = new NodeIncomingMessage(new Socket());
  request.headers = headers;
  return request;
}

describe('rebindingRefusal on a loopback bind', () => {
  const loopback = allowedHostnamesFor('127.0.0.1');

  it('accepts loopback Host headers with or without a port', () => {
    for (const host of ['127.0.0.1:8002', 'localhost:8002', 'localhost', 'LOCALHOST:8002', '[::1]:8002']) {
      expect(rebindingRefusal(requestWith({ host }), loopback), host).toBeUndefined();
    }
  });

  it('refuses a rebound name in Host, and a missing Host', () => {
    expect(rebindingRefusal(requestWith({ host: 'evil.example:8002' }), loopback)).toMatch(/Host/);
    expect(rebindingRefusal(requestWith({}), loopback)).toMatch(/Host/);
  });

  it('refuses a foreign or null Origin', () => {
    const host = '127.0.0.1:8002';
    expect(rebindingRefusal(requestWith({ host, origin: 'http://evil.example' }), loopback)).toMatch(
      /Origin/,
    );
    expect(rebindingRefusal(requestWith({ host, origin: 'null' }), loopback)).toMatch(/Origin/);
    expect(
      rebindingRefusal(requestWith({ host, origin: 'http://localhost:6274' }), loopback),
    ).toBeUndefined();
  });
});

describe('rebindingRefusal on a non-loopback bind', () => {
  it('accepts the bound address and the allowed names, and refuses any other name', () => {
    const allowed = allowedHostnamesFor('192.168.1.5', ['mcp.example.com']);
    expect(rebindingRefusal(requestWith({ host: '192.168.1.5:8002' }), allowed)).toBeUndefined();
    expect(rebindingRefusal(requestWith({ host: 'MCP.example.com' }), allowed)).toBeUndefined();
    expect(rebindingRefusal(requestWith({ host: 'evil.example' }), allowed)).toMatch(/Host/);
  });

  it('accepts a bare IPv6 bind address in its bracketed Host form', () => {
    const allowed = allowedHostnamesFor('fd00::5');
    expect(rebindingRefusal(requestWith({ host: '[fd00::5]:8002' }), allowed)).toBeUndefined();
  });
});

describe('hasBearerKey', () => {
  it('accepts exactly the configured key', () => {
    expect(hasBearerKey(requestWith({ authorization: 'Bearer s3cret-key' }), 's3cret-key')).toBe(true);
    expect(hasBearerKey(requestWith({ authorization: 'bearer  s3cret-key' }), 's3cret-key')).toBe(true);
    expect(hasBearerKey(requestWith({ authorization: 'Bearer s3cret-kez' }), 's3cret-key')).toBe(false);
    expect(hasBearerKey(requestWith({ authorization: 'Bearer s3cret' }), 's3cret-key')).toBe(false);
    expect(hasBearerKey(requestWith({}), 's3cret-key')).toBe(false);
  });
});
