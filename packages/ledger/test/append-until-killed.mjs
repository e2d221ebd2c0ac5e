// Child process for the crash test: appends forever, printing each id only after append() resolved.
// argv: <ledger path> <the package bundled by the test from src/> (not dist/, which other
// builds may be rewriting while the test runs).
import { pathToFileURL } from 'node:url';

const path = process.argv[2];
const { createFileLedger } = await import(pathToFileURL(process.argv[3]).href);
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
