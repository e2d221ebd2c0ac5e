// The baseline of scenario 3: a bare node:http server answering POST /stream with the same SSE events the
// responder sends for the mock's reply (one `data: {"content": …}` per word, a done event, `data: [DONE]`),
// one event per write, as fast as the socket takes them. No framework, validation, provider, pricing, ledger,
// auth or logging. node:http corks the socket for the rest of the tick on a write, so the first event is let
// out on its own (one nextTick) and the other writes of the same tick leave together: the first event as
// early as possible, the rest as fast as possible.
// Usage: node sse-baseline-server.mjs <port>

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';

let count = 0;

async function stream(req, res) {
  let body = '';
  req.setEncoding('utf8');
  for await (const chunk of req) body += chunk;
  const { message, model = 'mock-model' } = JSON.parse(body);
  count += 1;
  const text = `[MOCK RESPONSE #${count}] You said: '${message}'. This is a test response without calling any external API.`;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const words = text.match(/\s*\S+/g);
  for (const [index, word] of words.entries()) {
    if (!res.write(`data: ${JSON.stringify({ content: word })}\n\n`)) await once(res, 'drain');
    else if (index === 0) await new Promise((resolve) => process.nextTick(resolve));
  }
  const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2, estimatedCost: 0, priced: true };
  const done = {
    done: true,
    model,
    provider: 'mock',
    usage,
    conversationId: randomUUID(),
    processingTime: 0,
  };
  res.write(`data: ${JSON.stringify(done)}\n\n`);
  res.end('data: [DONE]\n\n');
}

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/stream') {
    stream(req, res).catch((error) => res.destroy(error));
  } else if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"healthy"}');
  } else {
    res.writeHead(404).end();
  }
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
