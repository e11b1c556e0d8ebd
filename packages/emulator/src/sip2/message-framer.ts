/**
 * Cuts the byte stream of one connection into messages. SIP2 ends a message with CR; some clients send
 * CR LF or a bare LF (servers strip stray LFs), so either byte ends a message and empty lines are
 * dropped. A peer that sends more than `maxBytes` without a terminator is not speaking SIP2.
 */
export class MessageFramer {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** The complete messages in `chunk` (without terminators), or `'overflow'` when the limit is passed. */
  push(chunk: Buffer): Buffer[] | 'overflow' {
    const messages: Buffer[] = [];
    let start = 0;
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index];
      if (byte !== 0x0d && byte !== 0x0a) continue;
      const piece = chunk.subarray(start, index);
      const message = this.#pendingBytes > 0 ? Buffer.concat([...this.#pending, piece]) : piece;
      this.#pending = [];
      this.#pendingBytes = 0;
      if (message.length > this.maxBytes) return 'overflow';
      if (message.length > 0) messages.push(Buffer.from(message));
      start = index + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#pending.push(Buffer.from(rest));
      this.#pendingBytes += rest.length;
      if (this.#pendingBytes > this.maxBytes) return 'overflow';
    }
    return messages;
  }

  /** Whether part of a message has arrived and its terminator has not. */
  get midMessage(): boolean {
    return this.#pendingBytes > 0;
  }
}
