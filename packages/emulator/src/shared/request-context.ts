import type { IncomingMessage } from 'node:http';

/** Bodies larger than this are refused with 413: no token or login request comes near it. */
export const MAX_BODY_BYTES = 64 * 1024;

export class PayloadTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

export type JsonResult = { ok: true; value: unknown } | { ok: false };

/** One request as handlers see it: parsed URL, route parameters, and a body read at most once. */
export class RequestContext {
  readonly method: string;
  readonly url: URL;
  readonly params: readonly string[];
  #body: Promise<string> | undefined;

  constructor(
    readonly req: IncomingMessage,
    url: URL,
    params: readonly string[] = [],
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    this.url = url;
    this.params = params;
  }

  get path(): string {
    return this.url.pathname;
  }

  /** The first value of a header, or undefined. */
  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  /** The origin the client used to reach us, so generated links stay on the emulator. */
  get origin(): string {
    return `http://${this.header('host') ?? 'localhost'}`;
  }

  text(): Promise<string> {
    this.#body ??= readBody(this.req);
    return this.#body;
  }

  async form(): Promise<URLSearchParams> {
    return new URLSearchParams(await this.text());
  }

  async json(): Promise<JsonResult> {
    const text = await this.text();
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false };
    }
  }

  /** The body as a JSON object; undefined for bad JSON, arrays and scalars. */
  async jsonObject(): Promise<Record<string, unknown> | undefined> {
    const parsed = await this.json();
    if (
      !parsed.ok ||
      typeof parsed.value !== 'object' ||
      parsed.value === null ||
      Array.isArray(parsed.value)
    ) {
      return undefined;
    }
    return parsed.value as Record<string, unknown>;
  }

  isJson(): boolean {
    return /^application\/(?:[\w.+-]+\+)?json\b/i.test(this.header('content-type') ?? '');
  }

  cookie(name: string): string | undefined {
    for (const part of (this.header('cookie') ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
    }
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    return Promise.reject(new PayloadTooLargeError());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        chunks.length = 0;
        reject(new PayloadTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
  });
}
