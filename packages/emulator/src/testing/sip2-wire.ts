import { connect as connectTcp, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import { sip2Checksum } from '../sip2/checksum.js';

/**
 * A message with `AY<sequence>AZ<checksum>` appended, as a SIP2 client sends it (bytes, no terminator);
 * `null` sends the resend form, `AZ` without `AY`.
 */
export function withChecksum(message: string | Buffer, sequence: number | null): Buffer {
  const head = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  const throughAz = Buffer.concat([head, Buffer.from(`${sequence === null ? '' : `AY${sequence}`}AZ`)]);
  return Buffer.concat([throughAz, Buffer.from(sip2Checksum(throughAz))]);
}

/**
 * A bare SIP2 client over a raw socket, for the emulator's own tests: it sends bytes as given and reads
 * answers up to each CR, so tests see exactly what the server wrote.
 */
export class Sip2Wire {
  readonly socket: Socket;
  #buffer = Buffer.alloc(0);
  #waiting: (() => void) | undefined;
  #ended = false;
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#waiting?.();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.#ended = true;
        this.#waiting?.();
        resolve();
      }),
    );
  }

  static async open(port: number, tls?: ConnectionOptions, host = '127.0.0.1'): Promise<Sip2Wire> {
    const socket = tls ? connectTls({ host, port, ...tls }) : connectTcp(port, host);
    await new Promise<void>((resolve, reject) => {
      socket.once(tls ? 'secureConnect' : 'connect', () => resolve());
      socket.once('error', reject);
    });
    return new Sip2Wire(socket);
  }

  /** Writes the message and a CR (or the given terminator). */
  send(message: string | Buffer, terminator = '\r'): void {
    this.socket.write(
      Buffer.concat([typeof message === 'string' ? Buffer.from(message) : message, Buffer.from(terminator)]),
    );
  }

  /** The next answer's bytes without its CR; rejects when the server closes first or after `timeoutMs`. */
  async read(timeoutMs = 2000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.#buffer.indexOf(0x0d);
      if (end >= 0) {
        const message = this.#buffer.subarray(0, end);
        this.#buffer = this.#buffer.subarray(end + 1);
        return message;
      }
      if (this.#ended) throw new Error('closed by the server');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no answer in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#waiting = undefined;
    }
  }

  /** The next answer as UTF-8 text. */
  async text(timeoutMs?: number): Promise<string> {
    return (await this.read(timeoutMs)).toString('utf8');
  }

  /** Sends and reads the answer. */
  async exchange(message: string | Buffer): Promise<string> {
    this.send(message);
    return this.text();
  }

  close(): void {
    this.socket.destroy();
  }
}
