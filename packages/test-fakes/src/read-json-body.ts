import type { Readable } from 'node:stream';

/** The request body parsed as JSON, as both fakes record it: undefined when empty or not JSON. */
export async function readJsonBody(request: Readable): Promise<unknown> {
  const raw = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
  try {
    return raw.length > 0 ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}
