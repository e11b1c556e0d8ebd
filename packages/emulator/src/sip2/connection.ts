import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { ActivityLog } from './activity-log.js';
import type { FaultPlan, Sip2FaultKind } from './fault-plan.js';
import type { Handler, HandlerContext } from './handler.js';
import { REQUEST_SC_RESEND, resendText } from './handlers/acs-resend.js';
import { handleEndSession } from './handlers/end-session.js';
import { handleLogin } from './handlers/login.js';
import { handlePatronInformation } from './handlers/patron-information.js';
import { handlePatronStatus } from './handlers/patron-status.js';
import { handleScStatus } from './handlers/sc-status.js';
import { MessageFramer } from './message-framer.js';
import type { ResolvedSip2Options } from './options.js';
import { parseRequest } from './request.js';
import { type Framing, frameResponse } from './response.js';

const HANDLERS: Readonly<Record<string, Handler>> = {
  '93': handleLogin,
  '99': handleScStatus,
  '23': handlePatronStatus,
  '63': handlePatronInformation,
  '35': handleEndSession,
};

// A request is a few hundred bytes; a peer sending 64 KiB without a terminator is not speaking SIP2.
const MAX_REQUEST_BYTES = 64 * 1024;
// Twice the 1 MiB a careful client accepts, so that the `oversized` fault is over any sane limit.
const OVERSIZED_FIELD_BYTES = 2 * 1024 * 1024;
const GARBAGE = Buffer.from([0x00, 0xff, 0xfe, 0x1b, ...Buffer.from('[0m<html>not SIP</html>'), 0x0d]);

/** What a connection shares with the emulator that accepted it. */
export interface ConnectionServices {
  options: ResolvedSip2Options;
  context: Omit<HandlerContext, 'session'>;
  faults: FaultPlan;
  log: ActivityLog;
  settings: { latencyMs: number };
}

/**
 * One client's connection: messages are framed, then handled one at a time in arrival order (SIP2 has
 * one message in flight per connection), at once unless answers are delayed. The session (the 93 login) lives as long as the socket.
 */
export class Sip2Connection {
  readonly #socket: Socket;
  readonly #services: ConnectionServices;
  readonly #context: HandlerContext;
  readonly #framer = new MessageFramer(MAX_REQUEST_BYTES);
  /** The last answer still waiting for its latency, and the messages queued behind it; none most of the time. */
  #queue: Promise<void> | undefined;
  #inFlight = 0;
  #lastAnswer: string | undefined;
  #closed = false;
  /** When a byte last arrived or an answer last went out (`performance.now()`). */
  #lastTraffic = performance.now();

  constructor(socket: Socket, services: ConnectionServices) {
    this.#socket = socket;
    this.#services = services;
    this.#context = { ...services.context, session: { loggedIn: false } };
    // A client that resets its end is normal here; the close handler does the bookkeeping.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#closed = true;
    });
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    const idleTimeout = services.options.idleTimeoutMs;
    if (idleTimeout !== undefined && idleTimeout > 0) socket.setTimeout(idleTimeout, () => this.close());
  }

  /** No message being read or answered: what a server may close without breaking an exchange. */
  get idle(): boolean {
    return this.#inFlight === 0 && !this.#framer.midMessage;
  }

  /** How long the connection has been idle, in ms: 0 when it is not. */
  idleForMs(now: number): number {
    return this.idle ? now - this.#lastTraffic : 0;
  }

  close(): void {
    this.#closed = true;
    this.#socket.destroy();
  }

  #receive(chunk: Buffer): void {
    this.#lastTraffic = performance.now();
    const messages = this.#framer.push(chunk);
    if (messages === 'overflow') {
      this.close();
      return;
    }
    for (const message of messages) this.#enqueue(message);
  }

  /**
   * Handles a message at once when nothing is queued, which is every message unless answers are delayed
   * (`latencyMs`): then the messages after it wait behind that answer, in arrival order.
   */
  #enqueue(message: Buffer): void {
    this.#inFlight += 1;
    if (this.#queue) {
      this.#track(this.#queue.then(() => this.#handle(message)));
      return;
    }
    let answering: Promise<void> | undefined;
    try {
      answering = this.#handle(message);
    } catch {
      this.close();
    }
    if (answering) this.#track(answering);
    else this.#inFlight -= 1;
  }

  #track(answering: Promise<void>): void {
    const tail: Promise<void> = answering
      .catch(() => this.close())
      .finally(() => {
        this.#inFlight -= 1;
        if (this.#queue === tail) this.#queue = undefined;
      });
    this.#queue = tail;
  }

  /** Answers one message; a promise only while the answer waits for the configured latency. */
  #handle(bytes: Buffer): Promise<void> | undefined {
    if (this.#closed) return undefined;
    const { options, faults, log, context } = this.#services;
    const command = commandOf(bytes);
    log.message(command, context.now());

    if (faults.peekBeforeHandling(command)) {
      // `stall` swallows the message: the client waits for an answer that never comes.
      if (faults.take(command) === 'close-next') this.close();
      return undefined;
    }

    // Koha's raw transport: until a login succeeds, anything but a 93 ends the connection, before any
    // checksum is looked at.
    if (options.requireLogin && !this.#context.session.loggedIn && command !== '93') {
      this.close();
      return undefined;
    }
    const request = parseRequest(bytes, options.encoding);
    const detection = options.checksums === 'none' ? undefined : request?.errorDetection;
    if (options.checksums !== 'none') {
      const missing = detection === undefined && options.checksums === 'required';
      if (missing || detection?.checksumValid === false) {
        return this.#answer(REQUEST_SC_RESEND, {
          encoding: options.encoding,
          errorDetection: { sequence: undefined },
        });
      }
    }
    const framing: Framing = {
      encoding: options.encoding,
      errorDetection: detection === undefined ? undefined : { sequence: detection.sequence },
    };
    if (command === '97') {
      return this.#answer(resendText(this.#lastAnswer), {
        ...framing,
        errorDetection: detection && { sequence: undefined },
      });
    }
    const handler = HANDLERS[command];
    if (!request || !handler) return this.#answer(REQUEST_SC_RESEND, framing);
    const answer = handler(request, this.#context);
    if (answer.loginAccepted) log.logins += 1;
    const fault = faults.take(command, answer.loginAccepted === true);
    const refusedLogin = command === '93' && !this.#context.session.loggedIn;
    const closeAfterAnswer = fault === 'close-after-login' || (refusedLogin && options.requireLogin);
    const answering = this.#answer(answer.text, framing, fault);
    if (!closeAfterAnswer) return answering;
    if (answering) return answering.then(() => this.close());
    this.close();
    return undefined;
  }

  /**
   * Writes an answer, after the configured latency when there is one, bent by the fault striking it, and
   * remembers it for 97.
   */
  #answer(text: string, framing: Framing, fault?: Sip2FaultKind): Promise<void> | undefined {
    const { latencyMs } = this.#services.settings;
    if (latencyMs > 0) return delay(latencyMs).then(() => this.#write(text, framing, fault));
    this.#write(text, framing, fault);
    return undefined;
  }

  #write(text: string, framing: Framing, fault: Sip2FaultKind | undefined): void {
    this.#lastAnswer = text;
    this.#send(framedAnswer(text, framing, fault));
  }

  #send(bytes: Buffer): void {
    this.#lastTraffic = performance.now();
    if (!this.#closed) this.#socket.write(bytes);
  }
}

/**
 * The two-character command code a message starts with, or `??` when it does not start with one; one
 * string per code, kept (at most 62 × 62), as the request log holds on to them.
 */
function commandOf(bytes: Buffer): string {
  const first = bytes[0];
  const second = bytes[1];
  if (first === undefined || second === undefined || !isAlphanumeric(first) || !isAlphanumeric(second))
    return '??';
  const key = (first << 8) | second;
  let command = COMMANDS.get(key);
  if (command === undefined) {
    command = String.fromCharCode(first, second);
    COMMANDS.set(key, command);
  }
  return command;
}

const COMMANDS = new Map<number, string>();

function isAlphanumeric(byte: number): boolean {
  const lower = byte | 0x20;
  return (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
}

/** The answer's bytes, bent by the fault striking it. */
function framedAnswer(text: string, framing: Framing, fault: Sip2FaultKind | undefined): Buffer {
  switch (fault) {
    case 'garbage':
      return GARBAGE;
    case 'missing-checksum':
      return frameResponse(text, { ...framing, errorDetection: undefined });
    case 'bad-checksum':
      return corruptChecksum(
        frameResponse(text, {
          ...framing,
          errorDetection: framing.errorDetection ?? { sequence: undefined },
        }),
      );
    case 'oversized':
      return frameResponse(`${text}AF${'x'.repeat(OVERSIZED_FIELD_BYTES)}|`, framing);
    default:
      return frameResponse(text, framing);
  }
}

/** The same answer with its four checksum digits changed (they sit before the final CR). */
function corruptChecksum(framed: Buffer): Buffer {
  const copy = Buffer.from(framed);
  const at = copy.length - 2;
  copy[at] = copy[at] === 0x30 ? 0x31 : 0x30;
  return copy;
}
