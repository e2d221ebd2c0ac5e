// Child process for the crash test: appends forever, printing each id only after append() resolved.
import { createFileLedger } from '../dist/index.js';

const path = process.argv[2];
const ledger = await createFileLedger({ path, fsync: 'never', logger: { warn: () => undefined } });
let n = 0;
for (;;) {
  // Several in flight at once, so the kill can land mid-batch.
  const batch = Array.from({ length: 8 }, () =>
    ledger
      .append({
        direction: 'inbound',
        conversationId: `c${n % 3}`,
        message: `message ${n++} ${'x'.repeat(200)}`,
        provider: 'mock',
        model: 'mock-model',
        costUsd: 0,
        priced: true,
        processingMs: 1,
        streamed: false,
        status: 'success',
      })
      .then((record) => process.stdout.write(`${record.id}\n`)),
  );
  await Promise.all(batch);
}
