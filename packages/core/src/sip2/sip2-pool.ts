import { performance } from 'node:perf_hooks';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { LazyDeadline } from './lazy-deadline.js';
import {
  dropOf,
  Sip2Connection,
  type Sip2ConnectionSettings,
  type Sip2Drop,
  unavailable,
} from './sip2-connection.js';
import { loginRequest, type Sip2Login, scStatusRequest } from './sip2-requests.js';
import { TurnQueue } from './turn-queue.js';

export interface Sip2PoolSettings extends Sip2ConnectionSettings {
  /** At most this many connections open at once. */
  readonly size: number;
  /** An idle connection sends SC Status (99) after this long, so the server does not drop it; 0: never. */
  readonly keepAliveMs: number;
  /** The SIP account each connection logs in with (93) before anything else; none: no login. */
  readonly login: Sip2Login | undefined;
  /** Send SC Status (99) once after login and require the server to be online. */
  readonly scStatusOnConnect: boolean;
  /** How long a sign-in waits for a free connection when all are busy. */
  readonly waitTimeoutMs: number;
}

/** Work on one connection: one message in flight at a time, as the connection enforces. */
export type Sip2Work<T> = (connection: Sip2Connection) => Promise<T>;

/**
 * A bounded set of logged-in connections to one SIP2 server. A sign-in borrows one, so the login (93) is
 * paid once per connection, not once per patron. Idle connections keep themselves alive with SC Status
 * (99), are left out of the process's reasons to stay alive (`unref`), and leave the pool as soon as the
 * server closes them. A connection the server closed while it sat idle does not fail the sign-in that
 * took it: the work is done again on a connection opened for it.
 */
export class Sip2Pool {
  readonly #settings: Sip2PoolSettings;
  readonly #all = new Set<Sip2Connection>();
  readonly #idle: Sip2Connection[] = [];
  readonly #keepAlive = new Map<Sip2Connection, LazyDeadline>();
  readonly #waiters: TurnQueue;
  /** Work done after its caller had the result, each on a connection not yet back in the pool. */
  readonly #settling = new Set<Promise<void>>();
  /** Connections open or being opened: what the size limit counts. */
  #slots = 0;
  #closed = false;

  constructor(settings: Sip2PoolSettings) {
    this.#settings = settings;
    const { provider, size, waitTimeoutMs } = settings;
    this.#waiters = new TurnQueue(() =>
      unavailable(provider, `all ${size} SIP2 connections stayed busy for ${waitTimeoutMs} ms`),
    );
  }

  /**
   * Runs `work` on a connection, then `afterwards` on the same connection once the caller has the result;
   * the connection returns to the pool when `afterwards` ends, and is destroyed if it fails.
   *
   * When the server drops the connection before a byte of answer (`dropOf`), the work is done again from
   * the start on a connection opened for this sign-in, at most `size` times, so the last try is always on a
   * fresh connection and a server that drops everything still fails: always when the drop came while the
   * pool was opening the connection (its 93 login and 99 carry no patron's PIN), and for the work's own
   * messages when `mayResend(drop)` says so (the PIN rule is the caller's: `sip2.ts`). A dropped idle
   * connection says nothing about the server; what a fresh one says is what reaches the backoff. A server
   * that says nothing is not tried again: that is a timeout, and the backoff's to handle.
   */
  async use<T>(
    work: Sip2Work<T>,
    beforeConnect: () => void = () => {},
    afterwards?: Sip2Work<void>,
    mayResend: (drop: Sip2Drop) => boolean = () => true,
  ): Promise<T> {
    let fresh = false;
    for (let attempt = 0; ; attempt += 1) {
      let connection: Sip2Connection | undefined;
      try {
        // An idle connection is taken at once; only a wait or a new connection needs a promise.
        connection = (fresh ? undefined : this.#takeIdle()) ?? (await this.#acquire(beforeConnect, fresh));
      } catch (error) {
        if (!(dropOf(error) !== undefined && attempt < this.#settings.size)) throw error;
        fresh = true;
        continue;
      }
      try {
        const result = await work(connection);
        this.#settle(connection, afterwards);
        return result;
      } catch (error) {
        this.#release(connection);
        const drop = dropOf(error);
        if (!(drop !== undefined && mayResend(drop) && attempt < this.#settings.size)) throw error;
        fresh = true;
      }
    }
  }

  /**
   * Refuses further work, lets the work under way after its results (an End Patron Session waiting for its
   * 36, each within the answer timeout) end, then closes every connection; resolves once every socket is
   * gone.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const keepAlive of this.#keepAlive.values()) keepAlive.stop();
    this.#keepAlive.clear();
    this.#waiters.wakeAll();
    await Promise.all(this.#settling);
    this.#idle.length = 0;
    const closing = [...this.#all].map((connection) => connection.closedPromise());
    for (const connection of this.#all) connection.close();
    await Promise.all(closing);
  }

  /** Runs `afterwards` with the connection still held: no other message can go out on it meanwhile. */
  #settle(connection: Sip2Connection, afterwards: Sip2Work<void> | undefined): void {
    if (!afterwards) {
      this.#release(connection);
      return;
    }
    const settling: Promise<void> = afterwards(connection).then(
      () => {
        this.#settling.delete(settling);
        this.#release(connection);
      },
      () => {
        this.#settling.delete(settling);
        connection.close();
      },
    );
    this.#settling.add(settling);
  }

  /**
   * An idle connection, else a new one while the pool has room, else a turn; `fresh`: a new connection
   * only, for which the pool makes room by closing an idle one. `beforeConnect` runs before a new
   * connection is opened: a sign-in that waited its turn while the server stopped answering fails fast
   * there instead of opening one more connection to a server being backed off from.
   */
  async #acquire(beforeConnect: () => void, fresh: boolean): Promise<Sip2Connection> {
    let deadline: number | undefined;
    for (;;) {
      if (this.#closed) throw closedPool(this.#settings.provider);
      if (!fresh) {
        const idle = this.#takeIdle();
        if (idle) return idle;
      } else {
        this.#retireClosingIdle();
        // The least recently used idle connection gives its slot to the new one.
        if (this.#slots >= this.#settings.size) {
          const idle = this.#idle.shift();
          if (idle) this.#retire(idle);
        }
      }
      if (this.#slots < this.#settings.size) {
        try {
          beforeConnect();
        } catch (error) {
          // The free slot stays free: the next waiter gets its turn (and, most likely, the same answer).
          this.#waiters.wakeNext();
          throw error;
        }
        return this.#connect();
      }
      deadline ??= performance.now() + this.#settings.waitTimeoutMs;
      await this.#waiters.wait(deadline);
    }
  }

  /** The most recently used idle connection that the server has not begun to close, made busy; none when closed. */
  #takeIdle(): Sip2Connection | undefined {
    if (this.#closed) return undefined;
    this.#retireClosingIdle();
    const idle = this.#idle.pop();
    if (!idle) return undefined;
    this.#pauseKeepAlive(idle);
    idle.busy();
    return idle;
  }

  /** Idle connections the server has begun to close: a message written to one would only be dropped. */
  #retireClosingIdle(): void {
    for (let index = this.#idle.length - 1; index >= 0; index -= 1) {
      const connection = this.#idle[index] as Sip2Connection;
      if (!connection.closing) continue;
      this.#idle.splice(index, 1);
      this.#retire(connection);
    }
  }

  /**
   * Out of the pool at once, its slot free without waking a waiter (the caller takes it), then closed;
   * the socket's own close then finds nothing to forget.
   */
  #retire(connection: Sip2Connection): void {
    this.#all.delete(connection);
    this.#stopKeepAlive(connection);
    this.#slots -= 1;
    connection.close();
  }

  async #connect(): Promise<Sip2Connection> {
    this.#slots += 1;
    let connection: Sip2Connection | undefined;
    try {
      connection = await Sip2Connection.open(this.#settings, (closed) => this.#forget(closed));
      this.#all.add(connection);
      if (this.#closed) throw closedPool(this.#settings.provider);
      await this.#start(connection);
      return connection;
    } catch (error) {
      if (connection) connection.close();
      else this.#freeSlot();
      throw error;
    }
  }

  /** What a new connection says first: the login (Koha closes a connection whose first message is not 93). */
  async #start(connection: Sip2Connection): Promise<void> {
    const { login, provider, scStatusOnConnect } = this.#settings;
    if (login) {
      const answer = await connection.exchange(loginRequest(login), '94');
      if (answer.fixed !== '1') {
        throw new IlsAuthError(
          'invalid_client',
          'the SIP2 server refused the login (93): check loginUserId, loginPassword and locationCode',
          { provider, status: 401 },
        );
      }
    }
    if (scStatusOnConnect) {
      const status = await connection.exchange(scStatusRequest(), '98');
      if (status.fixed[0] !== 'Y') throw unavailable(provider, 'the SIP2 server says it is offline (98)');
    }
    await connection.settle();
  }

  #release(connection: Sip2Connection): void {
    if (connection.closing || this.#closed) {
      connection.close();
      return;
    }
    connection.idle();
    this.#idle.push(connection);
    this.#scheduleKeepAlive(connection);
    this.#waiters.wakeNext();
  }

  /** SC Status once the connection has sat idle `keepAliveMs`; one lazily moved timer per connection. */
  #scheduleKeepAlive(connection: Sip2Connection): void {
    if (this.#settings.keepAliveMs === 0) return;
    let keepAlive = this.#keepAlive.get(connection);
    if (!keepAlive) {
      keepAlive = new LazyDeadline(() => this.#keepAliveDue(connection), { referenced: false });
      this.#keepAlive.set(connection, keepAlive);
    }
    keepAlive.setIn(this.#settings.keepAliveMs);
  }

  #keepAliveDue(connection: Sip2Connection): void {
    const index = this.#idle.indexOf(connection);
    if (index === -1) return;
    this.#idle.splice(index, 1);
    connection.busy();
    connection.exchange(scStatusRequest(), '98').then(
      () => this.#release(connection),
      () => connection.close(),
    );
  }

  /** Taken from the pool: nothing due until it is back. */
  #pauseKeepAlive(connection: Sip2Connection): void {
    this.#keepAlive.get(connection)?.cancel();
  }

  #stopKeepAlive(connection: Sip2Connection): void {
    this.#keepAlive.get(connection)?.stop();
    this.#keepAlive.delete(connection);
  }

  /** The socket is gone (either side closed it): out of the pool, its slot free for a waiting sign-in. */
  #forget(connection: Sip2Connection): void {
    if (!this.#all.delete(connection)) return;
    this.#stopKeepAlive(connection);
    const index = this.#idle.indexOf(connection);
    if (index !== -1) this.#idle.splice(index, 1);
    this.#freeSlot();
  }

  #freeSlot(): void {
    this.#slots -= 1;
    // Woken once the failure that freed the slot (a timeout, a refused connect) has reached the backoff,
    // so that a waiting sign-in fails fast there rather than open a connection to a server that is down.
    setImmediate(() => this.#waiters.wakeNext());
  }
}

function closedPool(provider: string): IlsAuthError {
  return unavailable(provider, 'the SIP2 connection pool was closed');
}
