/**
 * In-memory index of the records of a file ledger, all segments together, oldest first: per
 * record the byte offset where its line starts (in its own segment file), a 64-bit hash of its
 * conversation id (two uint32) and a link to the previous record in the same hash bucket.
 * 20 bytes per record in typed arrays (plus growth slack and a bucket table of ≤ 1 int32 per
 * 4 records), whatever the conversation ids: no per-conversation JS objects, so a server whose
 * every request starts a new conversation does not grow by a Map entry and an array per request.
 *
 * A conversation's records are found by walking its bucket's chain from the newest record and
 * keeping those with the same 64-bit hash: O(its records + the few others sharing the bucket).
 * Callers still check `conversationId` on the records they read (see `file-ledger.ts`).
 */
const MIN_CAPACITY = 1024;
const MIN_BUCKETS = 1024;
/** Rehash into twice the buckets when there are more records than this per bucket on average. */
const MAX_LOAD = 4;

/**
 * Two independent 32-bit hashes of a conversation id (FNV-1a and a multiply–xorshift mix over
 * the UTF-16 code units), 64 bits together: among 1,000,000 conversations the chance that any
 * other id matches a given one is about 1e6 / 2^64 ≈ 5e-14.
 */
export function conversationHashes(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  return [a >>> 0, (b ^ (b >>> 16)) >>> 0];
}

/** A run of indexed records as stored in a snapshot or segment sidecar. */
export interface IndexSlice {
  offsets: Float64Array;
  hashesA: Uint32Array;
  hashesB: Uint32Array;
}

export class RecordIndex {
  offsets: Float64Array;
  hashesA: Uint32Array;
  hashesB: Uint32Array;
  private previous: Int32Array;
  private heads: Int32Array;
  count = 0;

  constructor() {
    this.offsets = new Float64Array(MIN_CAPACITY);
    this.hashesA = new Uint32Array(MIN_CAPACITY);
    this.hashesB = new Uint32Array(MIN_CAPACITY);
    this.previous = new Int32Array(MIN_CAPACITY);
    this.heads = new Int32Array(MIN_BUCKETS).fill(-1);
  }

  /** Appends records indexed earlier (a segment sidecar, a snapshot). */
  pushMany(slice: IndexSlice): void {
    const n = slice.offsets.length;
    this.reserve(this.count + n);
    this.offsets.set(slice.offsets, this.count);
    this.hashesA.set(slice.hashesA, this.count);
    this.hashesB.set(slice.hashesB, this.count);
    const first = this.count;
    this.count += n;
    if (this.count > this.heads.length * MAX_LOAD) this.rehash();
    else for (let i = first; i < this.count; i++) this.link(i);
  }

  push(offset: number, conversationId: string): void {
    this.reserve(this.count + 1);
    const [a, b] = conversationHashes(conversationId);
    this.offsets[this.count] = offset;
    this.hashesA[this.count] = a;
    this.hashesB[this.count] = b;
    this.count += 1;
    if (this.count > this.heads.length * MAX_LOAD) this.rehash();
    else this.link(this.count - 1);
  }

  /** Records [from, to) as a slice (views, not copies: write them out before the next change). */
  slice(from: number, to: number): IndexSlice {
    return {
      offsets: this.offsets.subarray(from, to),
      hashesA: this.hashesA.subarray(from, to),
      hashesB: this.hashesB.subarray(from, to),
    };
  }

  /** Forgets the oldest `n` records (their segments were deleted); numbers shift down by `n`. */
  dropOldest(n: number): void {
    const k = Math.min(n, this.count);
    if (k === 0) return;
    this.offsets.copyWithin(0, k, this.count);
    this.hashesA.copyWithin(0, k, this.count);
    this.hashesB.copyWithin(0, k, this.count);
    this.count -= k;
    this.rehash();
  }

  /** Numbers (oldest = 0) of the records of one conversation, newest first, at most `limit`. */
  recordsOf(conversationId: string, limit = Number.POSITIVE_INFINITY): number[] {
    const [a, b] = conversationHashes(conversationId);
    const found: number[] = [];
    let i = this.heads[a & (this.heads.length - 1)]!;
    while (i !== -1 && found.length < limit) {
      if (this.hashesA[i] === a && this.hashesB[i] === b) found.push(i);
      i = this.previous[i]!;
    }
    return found;
  }

  private link(i: number): void {
    const bucket = this.hashesA[i]! & (this.heads.length - 1);
    this.previous[i] = this.heads[bucket]!;
    this.heads[bucket] = i;
  }

  private rehash(): void {
    let buckets = MIN_BUCKETS;
    while (this.count > buckets * MAX_LOAD) buckets *= 2;
    this.heads = buckets === this.heads.length ? this.heads.fill(-1) : new Int32Array(buckets).fill(-1);
    for (let i = 0; i < this.count; i++) this.link(i);
  }

  private reserve(needed: number): void {
    if (needed <= this.offsets.length) return;
    let capacity = this.offsets.length;
    while (capacity < needed) capacity = Math.ceil(capacity * 1.5);
    const grow = <T extends Float64Array | Uint32Array | Int32Array>(from: T, to: T): T => {
      to.set(from.subarray(0, this.count) as never);
      return to;
    };
    this.offsets = grow(this.offsets, new Float64Array(capacity));
    this.hashesA = grow(this.hashesA, new Uint32Array(capacity));
    this.hashesB = grow(this.hashesB, new Uint32Array(capacity));
    this.previous = grow(this.previous, new Int32Array(capacity));
  }
}
