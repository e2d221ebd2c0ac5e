// The upstream of scenario 6: @org/test-fakes' fake OpenAI Chat Completions server as its own process, so its
// CPU is not the responder's and it can be pinned apart. It keeps no per-request records (recordRequests: false):
// under load the list would grow without bound.
// Usage: node fake-openai-server.mjs <port>   (serves on 127.0.0.1 until SIGTERM/SIGINT)

import { startFakeOpenAI } from '@org/test-fakes';

const fake = await startFakeOpenAI({ port: Number(process.argv[2] ?? 0), recordRequests: false });
process.stderr.write(`fake OpenAI listening on ${fake.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    void fake.close().then(() => process.exit(0));
  });
}
