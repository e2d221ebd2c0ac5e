// The baseline of scenario 1: a bare Fastify route that parses the same JSON body and answers a JSON of the
// same shape as the responder's /process, with no validation, provider, pricing, ledger, auth or logging.
// Usage: node bare-fastify.mjs <port>

import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
let count = 0;
app.post('/process', async (request) => {
  const { message, model = 'mock-model' } = request.body;
  count += 1;
  const aiResponse = `[MOCK RESPONSE #${count}] You said: '${message}'. This is a test response without calling any external API.`;
  return {
    status: 'success',
    aiResponse,
    model,
    provider: 'mock',
    usage: { promptTokens: 12, completionTokens: 27, totalTokens: 39, estimatedCost: 0, priced: true },
    timestamp: new Date().toISOString(),
    processingTime: 0,
    conversationId: randomUUID(),
    finishReason: 'stop',
  };
});
app.get('/health', async () => ({ status: 'healthy' }));
await app.listen({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0) });
