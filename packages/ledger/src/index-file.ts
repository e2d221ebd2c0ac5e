import { open, readFile, rename } from 'node:fs/promises';
import type { IndexSlice } from './record-index';

/**
 * Binary file holding a JSON header and a run of the record index; used for the snapshot and
 * for each closed segment's sidecar. Layout: 8-byte magic, uint32 LE header length, the JSON
 * header, zero padding to a multiple of 8, then n float64 LE line offsets, n uint32 LE hashes A
 * and n uint32 LE hashes B (16 bytes per record). Written to `.tmp`, fsynced and renamed, so a
 * crash leaves the old file or the new one, never half of one.
 */
export async function writeIndexFile(
  path: string,
  magic: Buffer,
  header: object,
  slice: IndexSlice,
): Promise<void> {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefixLength = magic.length + 4 + headerBytes.length;
  const prefix = Buffer.alloc(prefixLength + ((8 - (prefixLength % 8)) % 8));
  magic.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, magic.length);
  headerBytes.copy(prefix, magic.length + 4);
  // Typed arrays are little-endian on every platform Node supports (x64, arm64).
  const view = (array: Float64Array | Uint32Array) =>
    Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  const temporary = `${path}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writev([prefix, view(slice.offsets), view(slice.hashesA), view(slice.hashesB)]);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/** The header (unvalidated) and the index run, or undefined if the file is missing or malformed. */
export async function readIndexFile(
  path: string,
  magic: Buffer,
): Promise<{ header: Record<string, unknown>; slice: IndexSlice } | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return undefined;
  }
  if (bytes.length < magic.length + 4 || !bytes.subarray(0, magic.length).equals(magic)) return undefined;
  const headerEnd = magic.length + 4 + bytes.readUInt32LE(magic.length);
  if (headerEnd > bytes.length) return undefined;
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8', magic.length + 4, headerEnd));
  } catch {
    return undefined;
  }
  if (typeof header !== 'object' || header === null) return undefined;
  const records = (header as { records?: unknown }).records;
  if (typeof records !== 'number' || !Number.isSafeInteger(records) || records < 0) return undefined;
  const dataStart = headerEnd + ((8 - (headerEnd % 8)) % 8);
  if (bytes.length !== dataStart + records * 16) return undefined;
  // Copy into fresh, aligned buffers (readFile's buffer may start at any byte offset).
  const at = (from: number, length: number) =>
    bytes.buffer.slice(bytes.byteOffset + from, bytes.byteOffset + from + length);
  return {
    header: header as Record<string, unknown>,
    slice: {
      offsets: new Float64Array(at(dataStart, records * 8)),
      hashesA: new Uint32Array(at(dataStart + records * 8, records * 4)),
      hashesB: new Uint32Array(at(dataStart + records * 12, records * 4)),
    },
  };
}
