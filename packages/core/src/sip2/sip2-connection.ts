import { connect as connectTcp, type Socket } from 'node:net';
import { type ConnectionOptions, connect as connectTls } from 'node:tls';
import { IlsAuthError } from '../errors/ils-auth-error.js';
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
  resolve(bytes: Buffer): void;
  reject(error: IlsAuthError): void;
  timer: NodeJS.Timeout;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * One socket to a SIP2 server. One message is in flight at a time: the server answers in order and has
 * no request ids, so a second message before the first answer could be matched with the wrong reply.
 * Any fault (timeout, oversized or unreadable answer, bytes nobody asked for) destroys the socket, so a
 * late answer can never be read as the answer to the next message.
 */
export class Sip2Connection {
  readonly #socket: Socket;
  readonly #settings: Sip2ConnectionSettings;
  #sequence = 0;
  #pending: PendingAnswer | undefined;
  #closed = false;
  #ending = false;

  readonly #gone: Promise<void>;

  private constructor(
    socket: Socket,
    settings: Sip2ConnectionSettings,
    onClosed: (connection: Sip2Connection) => void,
  ) {
    this.#socket = socket;
    this.#settings = settings;
    this.#gone = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.#received(chunk));
    // The server's FIN: the socket is closing, and a message written now would meet a closed connection.
    socket.on('end', () => {
      this.#ending = true;
    });
    socket.on('close', () => {
      this.#lost('closed the connection');
      onClosed(this);
    });
    socket.on('error', () => {
      // 'close' follows and reports; the error text may name addresses we keep out of messages.
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
      const socket = endpoint.tls
        ? connectTls(tlsOptions(endpoint, endpoint.tls))
        : connectTcp({ host: endpoint.host, port: endpoint.port });
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
        resolve(new Sip2Connection(socket, settings, onClosed));
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

  /** Lets the process exit while this socket waits in the pool. */
  idle(): void {
    this.#socket.unref();
  }

  busy(): void {
    this.#socket.ref();
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  /** The body, the error-detection trailer (`AY` only on a first send, as resends carry none) and CR. */
  #frame(body: string, withSequence: boolean): Buffer {
    const encoded = this.#settings.codec.encode(body);
    // Callers check every value against the encoding first; this is the last line of defence.
    if (!encoded)
      throw new IlsAuthError('invalid_input', 'a SIP2 request could not be encoded', {
        provider: this.#settings.provider,
      });
    if (!this.#settings.errorDetection) return Buffer.concat([encoded, Buffer.from([CR])]);
    let trailer = 'AZ';
    if (withSequence) {
      trailer = `AY${this.#sequence}AZ`;
      this.#sequence = (this.#sequence + 1) % 10;
    }
    const checked = Buffer.concat([encoded, Buffer.from(trailer, 'latin1')]);
    return Buffer.concat([checked, Buffer.from(`${sip2Checksum(checked)}\r`, 'latin1')]);
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
    if (this.#closed) return Promise.reject(this.#dropped());
    if (this.#pending) throw new Error('one SIP2 message at a time on a connection');
    const { answerTimeoutMs, provider } = this.#settings;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(unavailable(provider, `the SIP2 server did not answer within ${answerTimeoutMs} ms`));
      }, answerTimeoutMs);
      this.#pending = { chunks: [], size: 0, resolve, reject, timer };
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
    const end = chunk.findIndex((byte, index) => index >= start && (byte === CR || byte === LF));
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
    clearTimeout(pending.timer);
    // Anything after the terminator but line ends is a second message nobody asked for.
    if (chunk.subarray(end).some((byte) => byte !== CR && byte !== LF)) this.close();
    pending.resolve(Buffer.concat(pending.chunks));
  }

  #lost(what: string): void {
    this.#closed = true;
    const pending = this.#pending;
    if (!pending) return;
    this.#fail(
      pending.size === 0 ? this.#dropped() : unavailable(this.#settings.provider, `the SIP2 server ${what}`),
    );
  }

  #fail(error: IlsAuthError): void {
    const pending = this.#pending;
    this.#pending = undefined;
    this.close();
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.reject(error);
  }

  /**
   * The socket closed before our message had a byte of answer: the server (or a firewall) dropped the
   * connection, idle or just opened. Every message core sends only reads or logs in, so it may be sent
   * again on another connection.
   */
  #dropped(): IlsAuthError {
    const error = unavailable(this.#settings.provider, 'the SIP2 server closed the connection');
    droppedConnections.add(error);
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

function leadingLineEnds(chunk: Buffer): number {
  let index = 0;
  while (index < chunk.length && (chunk[index] === CR || chunk[index] === LF)) index += 1;
  return index;
}

const droppedConnections = new WeakSet<IlsAuthError>();

/** Whether `error` says the connection was closed before our message had any answer. */
export function isDroppedConnection(error: unknown): boolean {
  return error instanceof IlsAuthError && droppedConnections.has(error);
}

export function unavailable(provider: string, message: string): IlsAuthError {
  return new IlsAuthError('provider_unavailable', message, { provider });
}
