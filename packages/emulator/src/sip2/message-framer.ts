const CR = 0x0d;
const LF = 0x0a;

/**
 * Cuts the byte stream of one connection into messages. SIP2 ends a message with CR; some clients send
 * CR LF or a bare LF (servers strip stray LFs), so either byte ends a message and empty lines are
 * dropped. A peer that sends more than `maxBytes` without a terminator is not speaking SIP2.
 */
export class MessageFramer {
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * The complete messages in `chunk` (without terminators), or `'overflow'` when the limit is passed. A
   * message that arrived whole is a view of `chunk` (a socket hands each read a buffer of its own), one
   * that arrived in pieces a copy of them.
   */
  push(chunk: Buffer): Buffer[] | 'overflow' {
    const messages: Buffer[] = [];
    let start = 0;
    for (let end = lineEnd(chunk, 0); end !== -1; end = lineEnd(chunk, start)) {
      const piece = chunk.subarray(start, end);
      const message = this.#pendingBytes > 0 ? Buffer.concat([...this.#pending, piece]) : piece;
      this.#pending = [];
      this.#pendingBytes = 0;
      if (message.length > this.maxBytes) return 'overflow';
      if (message.length > 0) messages.push(message);
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#pending.push(rest);
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

/** The first CR or LF at or after `from`, or -1. */
function lineEnd(chunk: Buffer, from: number): number {
  const cr = chunk.indexOf(CR, from);
  const lf = chunk.indexOf(LF, from);
  if (cr === -1) return lf;
  return lf === -1 || cr < lf ? cr : lf;
}
