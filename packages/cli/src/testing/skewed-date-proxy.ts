import { createServer, request } from 'node:http';
import { listenOnLoopback } from '@ils-auth/test-support';

/**
 * A loopback proxy in front of an emulator that moves the `Date` header of every answer by `offsetSeconds`:
 * a server whose clock is wrong, which the emulators (whose `Date` is Node's own) cannot play themselves.
 */
export async function startSkewedDateProxy(
  target: string,
  offsetSeconds: number,
): Promise<{ origin: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forwarded = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const date = new Date(Date.now() + offsetSeconds * 1000).toUTCString();
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, date });
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  const { url, close } = await listenOnLoopback(server);
  return { origin: url, close };
}
