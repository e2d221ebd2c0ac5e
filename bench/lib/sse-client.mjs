// Streaming benchmarks: the bare SSE baseline server and a lean SSE client (node:http keep-alive, events
// counted by scanning, only the final event parsed) so the client is never what limits events/s.

import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { freePort, httpReady, startProcess } from './proc.mjs';

/** The bare node:http SSE server (sse-baseline-server.mjs), pinned to the server core. */
export async function startBareSse(ctx) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startProcess({
    name: 'bare-sse',
    args: [join(ctx.root, 'bench', 'lib', 'sse-baseline-server.mjs'), String(port)],
    cpu: ctx.serverCpu,
    ready: httpReady(`${url}/health`),
  });
  return { ...server, url, headers: {} };
}

const DELTA_PREFIX = 'data: {"content":';

/**
 * A client for `POST /stream` on one keep-alive connection. `stream()` resolves with
 * `{ firstEventMs, totalMs, deltas, done }`: times from just before the request is written to the first
 * complete event and to `data: [DONE]`; `deltas` counts `{"content": …}` events; `done` is the parsed final
 * event. Rejects on a non-200 status, an `error` event, or a stream that ends without `[DONE]`.
 */
export function createStreamClient(url, headers = {}) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(url);
  return {
    stream(body) {
      const payload = JSON.stringify(body);
      const allHeaders = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
        ...headers,
      };
      return new Promise((resolve, reject) => {
        const t0 = performance.now();
        let firstEventMs;
        let totalMs;
        let deltas = 0;
        let done;
        let failed = false;
        let buffer = '';
        const fail = (error) => {
          failed = true;
          reject(error);
        };
        const req = request(
          { agent, hostname, port, path: '/stream', method: 'POST', headers: allHeaders },
          (res) => {
            res.setEncoding('utf8');
            if (res.statusCode !== 200) {
              let text = '';
              res.on('data', (chunk) => {
                text += chunk;
              });
              res.on('end', () => fail(new Error(`POST /stream: ${res.statusCode} ${text.slice(0, 300)}`)));
              return;
            }
            res.on('data', (chunk) => {
              const now = performance.now();
              buffer += chunk;
              let start = 0;
              for (;;) {
                const end = buffer.indexOf('\n\n', start);
                if (end === -1) break;
                const event = buffer.slice(start, end);
                start = end + 2;
                if (event.startsWith(':')) continue; // a heartbeat comment
                firstEventMs ??= now - t0;
                if (event.startsWith(DELTA_PREFIX)) deltas += 1;
                else if (event === 'data: [DONE]') totalMs = now - t0;
                else {
                  const data = JSON.parse(event.slice('data: '.length));
                  if (data.error) {
                    fail(new Error(`POST /stream sent an error event: ${JSON.stringify(data.error)}`));
                    res.destroy();
                    return;
                  }
                  done = data;
                }
              }
              buffer = buffer.slice(start);
            });
            res.on('end', () => {
              if (failed) return;
              if (totalMs === undefined) fail(new Error('POST /stream ended without [DONE]'));
              else if (done === undefined) fail(new Error('POST /stream: [DONE] without a done event'));
              else resolve({ firstEventMs, totalMs, deltas, done });
            });
            res.on('error', fail);
          },
        );
        req.on('error', fail);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
