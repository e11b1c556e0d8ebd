import { type Agent, request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** `Location` resolved against the request URL, when there is one. */
  location: string | undefined;
  setCookies: string[];
  body: string;
}

export interface Send {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is, with the `content-type` the headers give. */
  body?: string;
  /** Default: a new connection for this request alone. */
  agent?: Agent;
  /** The local address to connect from (another loopback address plays a client from elsewhere). */
  localAddress?: string;
}

/**
 * One HTTP/1.1 request with node:http rather than fetch: fetch refuses to send the headers an attacker
 * sends (a garbage `Host`), and it never shows a redirect's own answer unless told to.
 */
export function send(url: string, options: Send = {}): Promise<Answer> {
  const target = new URL(url);
  const json = options.json === undefined ? undefined : JSON.stringify(options.json);
  const body = json ?? options.body;
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers,
        // Requests in parallel must really be in parallel: no shared socket queue.
        agent: options.agent ?? false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const location = incoming.headers.location;
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            location: location === undefined ? undefined : new URL(location, target).href,
            setCookies: incoming.headers['set-cookie'] ?? [],
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
