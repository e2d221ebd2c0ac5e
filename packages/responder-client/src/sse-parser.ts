/** One dispatched server-sent event: its `event:` name (if any) and its `data:` lines joined by `\n`. */
export interface SseMessage {
  event?: string;
  data: string;
}

/**
 * Incremental parser for `text/event-stream` (WHATWG HTML §9.2.6): feed decoded text in any chunking and get
 * the complete events back. Handles `\n`, `\r\n` and `\r` line ends (also split between chunks), comment lines
 * (comment heartbeats such as `: heartbeat`), multi-line data, and ignores `id:`/`retry:`. An event without `data:` is not dispatched.
 */
export class SseParser {
  #buffer = '';
  #data: string[] = [];
  #event: string | undefined;
  /** The previous chunk ended in `\r`; a `\n` starting the next chunk belongs to the same line end. */
  #pendingCr = false;

  push(chunk: string): SseMessage[] {
    let text = chunk;
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;
    const messages: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.#buffer);
      if (match === null) break;
      // A lone `\r` at the very end may be the first half of `\r\n`.
      if (match[0] === '\r' && match.index === this.#buffer.length - 1) {
        this.#pendingCr = true;
      }
      const line = this.#buffer.slice(0, match.index);
      this.#buffer = this.#buffer.slice(match.index + match[0].length);
      const message = this.#line(line);
      if (message !== undefined) messages.push(message);
    }
    return messages;
  }

  /** True when an event was started but not finished by a blank line (the stream was cut mid-event). */
  get hasPartialEvent(): boolean {
    return this.#buffer !== '' || this.#data.length > 0;
  }

  #line(line: string): SseMessage | undefined {
    if (line === '') {
      if (this.#data.length === 0) {
        this.#event = undefined;
        return undefined;
      }
      const message: SseMessage = { data: this.#data.join('\n') };
      if (this.#event !== undefined) message.event = this.#event;
      this.#data = [];
      this.#event = undefined;
      return message;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    return undefined;
  }
}
