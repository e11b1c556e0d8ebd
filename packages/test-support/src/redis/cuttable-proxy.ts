import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of redis-server, for outages that keep Redis' data: `cut()` is a network
 * partition (connections reset, new ones refused), `blackhole()` a hung server (connections stay open,
 * nothing is answered), `restore()` ends either.
 */
export class CuttableProxy {
  #state: 'open' | 'cut' | 'blackhole' = 'open';
  readonly #pairs = new Set<[Socket, Socket | undefined]>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(targetPort: number): Promise<CuttableProxy> {
    let proxy: CuttableProxy | undefined;
    const server = createServer((socket) => proxy?.accept(socket, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    proxy = new CuttableProxy(server, typeof address === 'object' && address ? address.port : 0);
    return proxy;
  }

  private accept(client: Socket, targetPort: number): void {
    client.on('error', () => {});
    if (this.#state === 'cut') {
      client.resetAndDestroy();
      return;
    }
    if (this.#state === 'blackhole') {
      this.#pairs.add([client, undefined]);
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    upstream.on('error', () => client.destroy());
    const pair: [Socket, Socket] = [client, upstream];
    this.#pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const forget = () => {
      this.#pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.once('close', forget);
    upstream.once('close', forget);
  }

  cut(): void {
    this.#state = 'cut';
    for (const [client, upstream] of this.#pairs) {
      client.resetAndDestroy();
      upstream?.destroy();
    }
    this.#pairs.clear();
  }

  /** Existing connections stop answering; new ones are accepted and never answered. */
  blackhole(): void {
    this.#state = 'blackhole';
    for (const [client, upstream] of this.#pairs) {
      client.unpipe();
      upstream?.unpipe();
      upstream?.pause();
    }
  }

  restore(): void {
    if (this.#state === 'blackhole') this.cut();
    this.#state = 'open';
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
