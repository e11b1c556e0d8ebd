import { connect as connectTcp, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { LazyDeadline } from './lazy-deadline.js';
import { parseSip2Message } from './parse-sip2-message.js';
import { hasValidChecksum, sip2Checksum } from './sip2-checksum.js';
import type { Sip2Codec } from './sip2-encoding.js';
import type { Sip2Message } from './sip2-message.js';

/** Where the SIP2 server listens, and the TLS settings when it speaks TLS from the first byte. */
export interface Sip2Endpoint {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (no STARTTLS in SIP2); the server's certificate is always verified. */
  readonly tls?: Sip2TlsSettings;
}

export interface Sip2TlsSettings {
  /** PEM of the CA(s) that signed the server's certificate; default: Node's trusted roots. */
  readonly ca?: string;
  /** The name the certificate must carry; default: `host`. */
  readonly serverName?: string;
  /** PEM client certificate and key, for servers that ask for one. */
  readonly cert?: string;
  readonly key?: string;
}

export interface Sip2ConnectionSettings {
  readonly provider: string;
  readonly endpoint: Sip2Endpoint;
  readonly codec: Sip2Codec;
  /** Send `AY`/`AZ` and require a valid checksum on every answer. */
  readonly errorDetection: boolean;
  readonly connectTimeoutMs: number;
  readonly answerTimeoutMs: number;
  readonly maxResponseBytes: number;
}

interface PendingAnswer {
  chunks: Buffer[];
  size: number;
  /** Sent as the first message after the connection sat idle in a pool (`Sip2Drop` `idle-race`). */
  afterIdle: boolean;
  resolve(bytes: Buffer): void;
  reject(error: IlsAuthError): void;
}

/**
 * How far a message got when the server closed the connection before a byte of its answer:
 * - `unsent`: the connection was found closed (or its close had arrived) before the message was written;
 * - `reset`: the server's TCP reset the connection: it discarded our bytes unread (a host that closes with
 *   data it has not read, or that receives data after its close, answers RST: RFC 1122 §4.2.2.13). Over
 *   TCP a close (FIN) that comes while our message waits is probed for that reset (see `#serverClosed`);
 * - `idle-race`: written as the first message on a connection that had sat idle in a pool, and closed with
 *   no answer and no reset: the server's idle timeout closing the connection as our message arrived;
 * - `after-write`: written on a connection in use, closed with no answer: the server may have read it.
 */
export type Sip2Drop = 'unsent' | 'reset' | 'idle-race' | 'after-write';

const CR = 0x0d;
const NO_BYTES = Buffer.alloc(0);
/**
 * Where every TCP connection's reads land, one at a time (reads run on the event loop, and each read's
 * bytes are copied out before it returns).
 */
const READ_BUFFER = Buffer.alloc(64 * 1024);
const LF = 0x0a;
/** Socket errors that say the peer's TCP reset the connection or that our bytes never left. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * One socket to a SIP2 server. One message is in flight at a time: the server answers in order and has
 * no request ids, so a second message before the first answer could be matched with the wrong reply.
 * Any fault (timeout, oversized or unreadable answer, bytes nobody asked for) destroys the socket, so a
 * late answer can never be read as the answer to the next message.
 */
export class Sip2Connection {
  readonly #socket: Socket;
  readonly #settings: Sip2ConnectionSettings;
  readonly #answerDeadline: LazyDeadline;
  #sequence = 0;
  #pending: PendingAnswer | undefined;
  #closed = false;
  #ending = false;
  #reset = false;
  #wasIdle = false;

  readonly #gone: Promise<void>;

  private constructor(
    socket: Socket,
    settings: Sip2ConnectionSettings,
    onClosed: (connection: Sip2Connection) => void,
  ) {
    this.#socket = socket;
    this.#settings = settings;
    this.#answerDeadline = new LazyDeadline(
      () =>
        this.#fail(
          unavailable(
            settings.provider,
            `the SIP2 server did not answer within ${settings.answerTimeoutMs} ms`,
          ),
        ),
      { referenced: true },
    );
    this.#gone = new Promise((resolve) => socket.once('close', () => resolve()));
    // Over TCP the bytes come through `onread` (see `open`); a TLS socket hands them out as chunks.
    if (settings.endpoint.tls) socket.on('data', (chunk: Buffer) => this.#received(chunk));
    socket.on('end', () => this.#serverClosed());
    socket.on('close', () => {
      this.#answerDeadline.stop();
      this.#lost('closed the connection');
      onClosed(this);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // 'close' follows and reports; the error text may name addresses we keep out of messages.
      if (error.code !== undefined && RESET_CODES.has(error.code)) this.#reset = true;
    });
  }

  /**
   * Connects (TCP, or TLS with the certificate checked) within the connect timeout. `onClosed` runs once
   * the socket is gone, whoever closed it, so a pool stops offering it before anyone tries.
   */
  static open(
    settings: Sip2ConnectionSettings,
    onClosed: (connection: Sip2Connection) => void = () => {},
  ): Promise<Sip2Connection> {
    const { endpoint, provider, connectTimeoutMs } = settings;
    return new Promise((resolve, reject) => {
      let connection: Sip2Connection | undefined;
      const socket = endpoint.tls
        ? connectTls(tlsOptions(endpoint, endpoint.tls))
        : connectTcp({
            host: endpoint.host,
            port: endpoint.port,
            // Half-open: the server's FIN leaves the socket to us, for the probe in `#serverClosed`.
            allowHalfOpen: true,
            // Read into one buffer and copy out the bytes: Node would otherwise allocate 64 KiB for every
            // read of a few hundred bytes, and pass each through the socket's stream machinery.
            onread: {
              buffer: READ_BUFFER,
              callback: (length: number) => {
                const bytes = Buffer.from(READ_BUFFER.subarray(0, length));
                // Bytes before the connection is handed out (before our first message) nobody asked for.
                if (connection) connection.#received(bytes);
                else socket.destroy();
                return true;
              },
            },
          });
      socket.setNoDelay(true);
      const fail = (why: string) => {
        clearTimeout(timer);
        socket.destroy();
        reject(unavailable(provider, `could not connect to the SIP2 server (${why})`));
      };
      const timer = setTimeout(() => fail(`no connection within ${connectTimeoutMs} ms`), connectTimeoutMs);
      socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'connection error'));
      socket.once(endpoint.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        connection = new Sip2Connection(socket, settings, onClosed);
        resolve(connection);
      });
    });
  }

  /** Resolves once the socket is closed. */
  closedPromise(): Promise<void> {
    return this.#gone;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Closed, or closed by the server and about to be: not a connection to hand a message to. */
  get closing(): boolean {
    return this.#closed || this.#ending;
  }

  /**
   * Sends one request body and reads the answer, which must be the `expected` command. When the server asks
   * for a resend (96: it could not read the message), the message is sent once more.
   */
  async exchange(body: string, expected: string): Promise<Sip2Message> {
    let resent = false;
    for (;;) {
      const sequence = resent || !this.#settings.errorDetection ? undefined : this.#sequence;
      const message = this.#read(await this.#send(this.#frame(body, !resent)), sequence);
      if (message.command !== '96') {
        if (message.command !== expected)
          throw this.#broken(`answered ${message.command} where ${expected} was expected`);
        return message;
      }
      if (resent) throw this.#broken('could not read our message twice (96)');
      resent = true;
    }
  }

  /**
   * Lets a close that came with the last answer arrive before the next message goes out: a server that
   * closes right after its 94 (a session it will not keep) has sent its FIN with it, and once that is read
   * the next message is `unsent` and may go out again elsewhere, whereas a message written first would
   * meet the close as a hang-up after a PIN. Reads happen in the event loop's poll phase, which the second
   * of two `setImmediate` hops comes after. Rejects with a drop when the connection is closing.
   */
  async settle(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    if (this.closing) {
      this.close();
      throw this.#dropped('unsent');
    }
  }

  /** Lets the process exit while this socket waits in the pool. */
  idle(): void {
    this.#wasIdle = true;
    this.#socket.unref();
    this.#answerDeadline.referenced(false);
  }

  busy(): void {
    this.#socket.ref();
    this.#answerDeadline.referenced(true);
  }

  close(): void {
    this.#closed = true;
    this.#answerDeadline.stop();
    this.#socket.destroy();
  }

  /** The body, the error-detection trailer (`AY` only on a first send, as resends carry none) and CR. */
  #frame(body: string, withSequence: boolean): Buffer {
    const { codec, errorDetection, provider } = this.#settings;
    let text = body;
    if (errorDetection) {
      text += withSequence ? `AY${this.#sequence}AZ` : 'AZ';
      if (withSequence) this.#sequence = (this.#sequence + 1) % 10;
    }
    const encoded = codec.encode(text);
    // Callers check every value against the encoding first; this is the last line of defence.
    if (!encoded)
      throw new IlsAuthError('invalid_input', 'a SIP2 request could not be encoded', { provider });
    const frame = Buffer.allocUnsafe(encoded.length + (errorDetection ? 5 : 1));
    encoded.copy(frame);
    if (errorDetection) frame.write(sip2Checksum(encoded), encoded.length, 'latin1');
    frame[frame.length - 1] = CR;
    return frame;
  }

  /** The answer, checked: its checksum, and the sequence number it echoes when it echoes one. */
  #read(bytes: Buffer, sequence: number | undefined): Sip2Message {
    const { provider, codec, errorDetection } = this.#settings;
    let parsed: ReturnType<typeof parseSip2Message>;
    try {
      parsed = parseSip2Message(codec.decode(bytes), provider);
    } catch (error) {
      this.close();
      throw error;
    }
    if (errorDetection && parsed.message.command !== '96') {
      if (!parsed.trailer.checksummed) throw this.#broken('answered without a checksum (AZ)');
      if (!hasValidChecksum(bytes)) throw this.#broken('answered with a wrong checksum (AZ)');
      const echoed = parsed.trailer.sequence;
      if (sequence !== undefined && echoed !== undefined && echoed !== sequence)
        throw this.#broken(`answered sequence number ${echoed} to our ${sequence} (AY)`);
    }
    return parsed.message;
  }

  #send(frame: Buffer): Promise<Buffer> {
    // A close that has arrived (FIN read, or the socket gone) means the message would not be read.
    if (this.closing) {
      this.close();
      return Promise.reject(this.#dropped('unsent'));
    }
    if (this.#pending) throw new Error('one SIP2 message at a time on a connection');
    const afterIdle = this.#wasIdle;
    this.#wasIdle = false;
    return new Promise<Buffer>((resolve, reject) => {
      this.#pending = { chunks: [], size: 0, afterIdle, resolve, reject };
      this.#answerDeadline.setIn(this.#settings.answerTimeoutMs);
      this.#socket.write(frame);
    });
  }

  #received(chunk: Buffer): void {
    const pending = this.#pending;
    if (!pending) {
      // Nobody asked: a stray or late answer would be taken for the next message's answer.
      this.close();
      return;
    }
    // Line feeds before a message are what some servers send after the CR of the previous one.
    const start = pending.size === 0 ? leadingLineEnds(chunk) : 0;
    const end = lineEnd(chunk, start);
    const part = chunk.subarray(start, end === -1 ? chunk.length : end);
    pending.size += part.length;
    if (pending.size > this.#settings.maxResponseBytes) {
      this.#fail(
        new IlsAuthError(
          'response_too_large',
          `the SIP2 server's answer exceeds ${this.#settings.maxResponseBytes} bytes`,
          { provider: this.#settings.provider },
        ),
      );
      return;
    }
    if (part.length > 0) pending.chunks.push(part);
    if (end === -1) return;
    this.#pending = undefined;
    this.#answerDeadline.cancel();
    // Anything after the terminator but line ends is a second message nobody asked for.
    if (leadingLineEnds(chunk, end) !== chunk.length) this.close();
    const { chunks } = pending;
    pending.resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
  }

  /**
   * The server's FIN: the socket is closing, and a message written now would meet a closed connection. A
   * message waiting with no byte of answer was either read by the server before it closed, or reached it
   * after its close (or unread at it), in which case its TCP answered with a reset. Over TCP, a write of no
   * bytes tells which: it fails once the reset has come (EPIPE, ECONNRESET) and sends nothing otherwise. A
   * reset still on its way (a server across a network) reads as "may have been read": the safe side.
   */
  #serverClosed(): void {
    this.#ending = true;
    if (this.#settings.endpoint.tls) return; // Node closes a TLS socket itself; no probe there.
    if (this.#pending?.size !== 0) {
      this.#socket.destroy();
      return;
    }
    // The callback runs before the socket is destroyed for a failed write (and then emits no 'error').
    this.#socket.write(NO_BYTES, (error: NodeJS.ErrnoException | null | undefined) => {
      if (error?.code !== undefined && RESET_CODES.has(error.code)) this.#reset = true;
      this.#socket.destroy();
    });
  }

  #lost(what: string): void {
    this.#closed = true;
    const pending = this.#pending;
    if (!pending) return;
    if (pending.size > 0) {
      this.#fail(unavailable(this.#settings.provider, `the SIP2 server ${what}`));
      return;
    }
    this.#fail(this.#dropped(this.#reset ? 'reset' : pending.afterIdle ? 'idle-race' : 'after-write'));
  }

  #fail(error: IlsAuthError): void {
    const pending = this.#pending;
    this.#pending = undefined;
    this.close();
    if (!pending) return;
    pending.reject(error);
  }

  /** The socket closed before our message had a byte of answer; `drop` says how far the message got. */
  #dropped(drop: Sip2Drop): IlsAuthError {
    const error = unavailable(this.#settings.provider, 'the SIP2 server closed the connection');
    droppedConnections.set(error, drop);
    return error;
  }

  #broken(what: string): IlsAuthError {
    this.close();
    return new IlsAuthError('malformed_response', `the SIP2 server ${what}`, {
      provider: this.#settings.provider,
    });
  }
}

function tlsOptions(endpoint: Sip2Endpoint, tls: Sip2TlsSettings): ConnectionOptions {
  return {
    host: endpoint.host,
    port: endpoint.port,
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
    ...(tls.serverName === undefined ? {} : { servername: tls.serverName }),
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
  };
}

/** Where the line ends from `from` on stop (the first byte that is not CR or LF). */
function leadingLineEnds(chunk: Buffer, from = 0): number {
  let index = from;
  while (index < chunk.length && (chunk[index] === CR || chunk[index] === LF)) index += 1;
  return index;
}

/** The first CR or LF at or after `from`, or -1. */
function lineEnd(chunk: Buffer, from: number): number {
  const cr = chunk.indexOf(CR, from);
  const lf = chunk.indexOf(LF, from);
  if (cr === -1) return lf;
  return lf === -1 || cr < lf ? cr : lf;
}

const droppedConnections = new WeakMap<IlsAuthError, Sip2Drop>();

/**
 * How far the message got when `error` says the connection closed before our message had any answer;
 * undefined for any other error.
 */
export function dropOf(error: unknown): Sip2Drop | undefined {
  return error instanceof IlsAuthError ? droppedConnections.get(error) : undefined;
}

export function unavailable(provider: string, message: string): IlsAuthError {
  return new IlsAuthError('provider_unavailable', message, { provider });
}
