/**
 * In-memory index of the ledger file: the byte offset where each record's line starts and the
 * number of its conversation. 12 bytes per record (1,000,000 records ≈ 12 MB), so a history page
 * is a positional read instead of a scan.
 */
export class LineIndex {
  offsets: Float64Array;
  conversationNumbers: Uint32Array;
  count = 0;
  readonly conversationIds: string[] = [];
  private readonly numberById = new Map<string, number>();
  /** conversation number → record indices (oldest first); built on the first filtered query. */
  private byConversation: number[][] | undefined;

  constructor(capacity = 1024) {
    this.offsets = new Float64Array(capacity);
    this.conversationNumbers = new Uint32Array(capacity);
  }

  static restore(
    offsets: Float64Array,
    conversationNumbers: Uint32Array,
    conversationIds: string[],
  ): LineIndex {
    const index = new LineIndex(Math.max(1024, Math.ceil(offsets.length * 1.25)));
    index.offsets.set(offsets);
    index.conversationNumbers.set(conversationNumbers);
    index.count = offsets.length;
    for (const id of conversationIds) {
      index.numberById.set(id, index.conversationIds.length);
      index.conversationIds.push(id);
    }
    return index;
  }

  push(offset: number, conversationId: string): void {
    if (this.count === this.offsets.length) this.grow();
    let number = this.numberById.get(conversationId);
    if (number === undefined) {
      number = this.conversationIds.length;
      this.conversationIds.push(conversationId);
      this.numberById.set(conversationId, number);
      this.byConversation?.push([]);
    }
    this.offsets[this.count] = offset;
    this.conversationNumbers[this.count] = number;
    this.byConversation?.[number]?.push(this.count);
    this.count += 1;
  }

  /** Record indices of one conversation, oldest first. */
  recordsOf(conversationId: string): readonly number[] {
    const number = this.numberById.get(conversationId);
    if (number === undefined) return [];
    if (this.byConversation === undefined) {
      const lists: number[][] = this.conversationIds.map(() => []);
      for (let i = 0; i < this.count; i++) lists[this.conversationNumbers[i]!]!.push(i);
      this.byConversation = lists;
    }
    return this.byConversation[number] ?? [];
  }

  private grow(): void {
    const capacity = this.offsets.length * 2;
    const offsets = new Float64Array(capacity);
    offsets.set(this.offsets);
    const numbers = new Uint32Array(capacity);
    numbers.set(this.conversationNumbers);
    this.offsets = offsets;
    this.conversationNumbers = numbers;
  }
}
