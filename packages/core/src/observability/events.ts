import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';

/**
 * What ils-auth did, as data for metrics, logs and tracing. No event carries a secret, PIN, card number,
 * token or session id: only provider ids, store-key fingerprints (`slot`), codes, counts and times.
 */
export type IlsAuthEvent =
  | { type: 'token.requested'; provider: string; slot: string }
  | { type: 'token.refreshed'; provider: string; slot: string; expiresAt: number; durationMs: number }
  | {
      type: 'token.failed';
      provider: string;
      slot: string;
      code: string;
      status: number | undefined;
      durationMs: number;
    }
  | { type: 'token.backing_off'; provider: string; slot: string; retryAfterSeconds: number }
  | { type: 'api.unauthorized_retry'; provider: string }
  /** An API call through `fetch()` answered; `retried` when a refused token was replaced once. */
  | {
      type: 'api.responded';
      provider: string;
      method: string;
      host: string;
      port: number;
      status: number;
      retried: boolean;
      durationMs: number;
    }
  /** An API call through `fetch()` got no answer (timeout, no connection) or no token to send. */
  | {
      type: 'api.failed';
      provider: string;
      method: string;
      host: string;
      port: number;
      code: string;
      durationMs: number;
    }
  | { type: 'signin.succeeded'; provider: string }
  | { type: 'signin.failed'; provider: string; code: string }
  | { type: 'signin.throttled'; provider: string; retryAfterSeconds: number | undefined }
  | { type: 'session.refreshed'; provider: string }
  | { type: 'session.revoked'; provider: string }
  | { type: 'store.fallback'; store: string; reason: string }
  | { type: 'store.recovered'; store: string };

export type IlsAuthEventType = IlsAuthEvent['type'];

/**
 * The `node:diagnostics_channel` name the events are published on. A channel is one per process whatever
 * the module copy (ESM and CJS builds, two versions of core), so one subscriber sees every copy's events,
 * and publishing costs nothing while nobody listens.
 */
export const EVENTS_CHANNEL = '@ils-auth/core:events';

const events = channel(EVENTS_CHANNEL);

/** Publishes one event; for ils-auth's own packages (the Redis store publishes its fallback and recovery). */
/** True while anyone listens: lets a hot path skip building an event nobody would read. */
export function eventsObserved(): boolean {
  return events.hasSubscribers;
}

export function publishEvent(event: IlsAuthEvent): void {
  if (events.hasSubscribers) events.publish(event);
}

/** Calls `listener` with every event of this process until the returned function is called. */
export function onIlsAuthEvent(listener: (event: IlsAuthEvent) => void): () => void {
  const handler = (message: unknown) => listener(message as IlsAuthEvent);
  subscribe(EVENTS_CHANNEL, handler);
  return () => {
    unsubscribe(EVENTS_CHANNEL, handler);
  };
}
