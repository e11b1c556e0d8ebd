import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { Sip2Pool, type Sip2PoolSettings } from './sip2-pool.js';

/**
 * The connection pool of one `sip2()` descriptor. The descriptor is data that Express, Passport and NestJS
 * may all be given; the pool belongs to the descriptor (made on first use), so they share one set of
 * connections and one SIP login per connection, whichever integration signs the patron in.
 */
export class Sip2PoolHolder {
  #pool: Sip2Pool | undefined;

  constructor(private readonly settings: Sip2PoolSettings) {}

  get(): Sip2Pool {
    this.#pool ??= new Sip2Pool(this.settings);
    return this.#pool;
  }

  /** Closes the connections; a later sign-in opens a new pool. */
  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }
}

const holders = new WeakMap<ProviderDescriptor, Sip2PoolHolder>();

export function registerSip2Pool(descriptor: ProviderDescriptor, holder: Sip2PoolHolder): void {
  holders.set(descriptor, holder);
}

/**
 * Closes the SIP2 connections of a `sip2()` descriptor (at shutdown, or in tests); resolves once every
 * socket is closed. Idle connections do not keep a process alive, so this is for a tidy exit, not a
 * required one. Any other descriptor: nothing to close.
 */
export async function closeSip2Connections(descriptor: ProviderDescriptor): Promise<void> {
  await holders.get(descriptor)?.close();
}
