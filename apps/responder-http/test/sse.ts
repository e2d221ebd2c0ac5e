import { parseStreamEventData } from '@org/contracts';

/** Reads a whole `text/event-stream` body and parses each `data:` payload with the contract. */
export async function readStreamEvents(
  response: Response,
): Promise<ReturnType<typeof parseStreamEventData>[]> {
  const body = await response.text();
  return body
    .split('\n\n')
    .flatMap((event) => event.split('\n').filter((line) => line.startsWith('data:')))
    .map((line) => parseStreamEventData(line.slice('data:'.length).trim()));
}
