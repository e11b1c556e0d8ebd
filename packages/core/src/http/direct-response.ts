import { pipeline, Readable } from 'node:stream';
import { contentDecoders } from './content-decoding.js';
import type { DirectRequest } from './direct-request.js';

/** The one method of an undici dispatcher used here (Node's `fetch` calls the same one). */
export interface Dispatcher {
  dispatch(options: object, handler: object): boolean;
}

/**
 * Sends `request` through undici's `dispatcher` and answers with the `Response` Node's `fetch` would give,
 * for a fraction of its cost: on a guarded page that calls the library system, `fetch`'s own steps (the
 * `Request`, its header checks, the fetch algorithm, a web stream for the body) cost more CPU than the
 * rest of the request (bench/README.md, "client.fetch() without fetch()"). What `fetch` does with the
 * answer is done here too: the body decoded as `Content-Encoding` says, headers as sent, `url` set.
 * A response that only `fetch` can answer the same way (a redirect to follow, a status `Response` cannot
 * hold) is asked for again through `fetchInstead`, once: these are GET and HEAD requests.
 *
 * Failures reject as `fetch`'s do: a `TypeError` whose `cause` is undici's error.
 */
export function sendDirect(
  dispatcher: Dispatcher,
  request: DirectRequest,
  fetchInstead: () => Promise<Response>,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const options = {
      origin: request.origin,
      path: request.path,
      method: request.method,
      headers: request.headers,
      maxRedirections: 0,
      headersTimeout: request.headersTimeout,
    };
    dispatcher.dispatch(options, new DirectResponse(request, resolve, reject, fetchInstead));
  });
}

/**
 * A body that comes in with its headers (an API call's JSON, almost always: undici hands over the
 * headers and the whole body of one socket read in one go) is taken whole, and its `Response` made over
 * the bytes: it reads far faster than one over a stream, and the connection is back in the pool before
 * the caller sees the answer. A body still coming after that (long, slow, or compressed) streams, and its
 * `Response` comes without waiting for it, as `fetch`'s does: the caller's read and its deadline own it.
 */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** What `new Response()` accepts as a status text (`fetch` passes any on). */
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

type Mode = 'waiting' | 'whole' | 'stream' | 'discard';

/** undici's handler for one request: its callbacks become the `Response`. */
class DirectResponse {
  readonly #request: DirectRequest;
  readonly #resolve: (response: Response | Promise<Response>) => void;
  readonly #reject: (error: unknown) => void;
  readonly #fetchInstead: () => Promise<Response>;
  #mode: Mode = 'waiting';
  #abort: ((reason?: Error) => void) | undefined;
  #status = 0;
  #statusText = '';
  #headers: Headers | undefined;
  #chunks: Buffer[] | undefined;
  #resume: (() => void) | undefined;
  #source: Readable | undefined;
  #ended = false;

  constructor(
    request: DirectRequest,
    resolve: (response: Response | Promise<Response>) => void,
    reject: (error: unknown) => void,
    fetchInstead: () => Promise<Response>,
  ) {
    this.#request = request;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#fetchInstead = fetchInstead;
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
  }

  onHeaders(status: number, rawHeaders: Buffer[], resume: () => void, statusText?: string): boolean {
    if (status < 200) return true; // an interim answer: the final one follows
    const headers = new Headers();
    try {
      for (let i = 0; i < rawHeaders.length; i += 2)
        headers.append(rawHeaders[i]!.toString('latin1'), rawHeaders[i + 1]!.toString('latin1'));
    } catch {
      return this.#askFetch(); // a header `Headers` refuses, which `fetch` keeps as it came
    }
    // What `Response` cannot hold, or `fetch` would not hand back as it came, is `fetch`'s to answer.
    const followed = REDIRECT_STATUSES.has(status) && this.#request.redirect !== 'manual';
    if ((followed && headers.has('location')) || status > 599 || !REASON_PHRASE.test(statusText ?? ''))
      return this.#askFetch();
    this.#status = status;
    this.#statusText = statusText ?? '';
    this.#headers = headers;
    if (this.#request.method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
      this.#mode = 'discard';
      this.#resolve(this.#respond(null));
      return true;
    }
    let decoders: ReturnType<typeof contentDecoders>;
    try {
      decoders = contentDecoders(headers.get('content-encoding'));
    } catch (error) {
      this.#mode = 'discard';
      this.#abort?.();
      this.#reject(new TypeError('fetch failed', { cause: error }));
      return false;
    }
    if (decoders.length === 0) {
      this.#mode = 'whole';
      this.#chunks = [];
      this.#resume = resume;
      // Runs once undici is done with this socket read: by then a body that came with the headers is in.
      queueMicrotask(() => this.#notWhole());
      return true;
    }
    this.#mode = 'stream';
    this.#stream(decoders, resume, []);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#mode === 'whole') this.#chunks!.push(chunk);
    else if (this.#mode === 'stream') return this.#source!.push(chunk);
    return true;
  }

  onComplete(): void {
    this.#ended = true;
    if (this.#mode === 'whole') {
      const chunks = this.#chunks!;
      // Made before the mode changes: should it throw, undici's `onError` still rejects the call.
      const response = this.#respond(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      this.#chunks = undefined;
      this.#mode = 'discard';
      this.#resolve(response);
    } else if (this.#mode === 'stream') this.#source!.push(null);
  }

  onError(error: Error): void {
    this.#ended = true;
    if (this.#mode === 'waiting' || this.#mode === 'whole') {
      this.#mode = 'discard';
      this.#reject(new TypeError('fetch failed', { cause: error }));
    } else if (this.#mode === 'stream') this.#source!.destroy(new TypeError('terminated', { cause: error }));
  }

  onUpgrade(): void {}
  onBodySent(): void {}
  onResponseStarted(): void {}

  /** Reads the rest of this answer into nothing, and asks `fetch` for it instead. */
  #askFetch(): boolean {
    this.#mode = 'discard';
    this.#resolve(this.#fetchInstead());
    return true;
  }

  #respond(body: Buffer | ReadableStream | null): Response {
    const response = new Response(body, {
      status: this.#status,
      statusText: this.#statusText,
      headers: this.#headers!,
    });
    // `fetch`'s answers say where they came from; a made `Response` says '' unless told.
    const { url } = this.#request;
    Object.defineProperty(response, 'url', {
      value: url.hash === '' ? url.href : url.href.slice(0, -url.hash.length),
    });
    return response;
  }

  /** The body did not all come with the headers: it streams from here, what came so far first. */
  #notWhole(): void {
    if (this.#mode !== 'whole') return;
    this.#mode = 'stream';
    const chunks = this.#chunks!;
    this.#chunks = undefined;
    this.#stream([], this.#resume!, chunks);
  }

  /** The body as a stream with backpressure (undici pauses while the reader is behind), decoded. */
  #stream(decoders: ReturnType<typeof contentDecoders>, resume: () => void, received: Buffer[]): void {
    const source = new Readable({
      read: resume,
      destroy: (error, done) => {
        if (!this.#ended) this.#abort?.(error ?? new Error('the response body was cancelled'));
        done(error);
      },
    });
    this.#source = source;
    for (const chunk of received) source.push(chunk);
    const decoded = decoders.length
      ? (pipeline([source, ...decoders], () => {}) as unknown as Readable)
      : source;
    const response = this.#respond(Readable.toWeb(decoded) as ReadableStream);
    // Like `fetch`, a response dropped unread gives its connection back instead of holding it paused.
    unreadBodies.register(response, source);
    this.#resolve(response);
  }
}

const unreadBodies = new FinalizationRegistry<Readable>((source) => source.destroy());
