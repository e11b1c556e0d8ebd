import type { Attributes, Counter, Meter } from '@opentelemetry/api';
import type { IlsAuthEvent, IlsAuthEventType } from '../observability/events.js';

type EventOf<T extends IlsAuthEventType> = Extract<IlsAuthEvent, { type: T }>;

interface CounterSpec<T extends IlsAuthEventType> {
  name: string;
  description: string;
  attributes(event: EventOf<T>): Attributes;
}

const byProvider = (event: { provider: string }): Attributes => ({ 'ils_auth.provider': event.provider });
const byProviderAndCode = (event: { provider: string; code: string }): Attributes => ({
  'ils_auth.provider': event.provider,
  'error.type': event.code,
});

/** The counters, one per event type counted; attributes stay few-valued (provider, error code, store). */
const COUNTERS: { readonly [T in IlsAuthEventType]?: CounterSpec<T> } = {
  'token.refreshed': {
    name: 'ils_auth.token.refreshes',
    description: 'Token requests that returned a token',
    attributes: byProvider,
  },
  'token.failed': {
    name: 'ils_auth.token.failures',
    description: 'Token requests that failed, by error code',
    attributes: byProviderAndCode,
  },
  'token.backing_off': {
    name: 'ils_auth.token.failed_fast',
    description: 'Calls refused without a token request while the provider is backed off from',
    attributes: byProvider,
  },
  'api.unauthorized_retry': {
    name: 'ils_auth.api.unauthorized_retries',
    description: 'API calls retried once with a new token after the provider refused the old one',
    attributes: byProvider,
  },
  'signin.succeeded': {
    name: 'ils_auth.signin.successes',
    description: 'Patron sign-ins that started a session',
    attributes: byProvider,
  },
  'signin.failed': {
    name: 'ils_auth.signin.failures',
    description: 'Patron sign-ins that failed, by error code',
    attributes: byProviderAndCode,
  },
  'signin.throttled': {
    name: 'ils_auth.signin.throttled',
    description: 'Patron sign-ins refused by the card or IP throttle before the provider saw them',
    attributes: byProvider,
  },
  'session.refreshed': {
    name: 'ils_auth.session.refreshes',
    description: 'Patron sessions whose tokens were renewed on request',
    attributes: byProvider,
  },
  'store.fallback': {
    name: 'ils_auth.store.fallbacks',
    description: 'Times a shared store fell back to process memory',
    attributes: (event) => ({ 'ils_auth.store': event.store, 'error.type': event.reason }),
  },
};

/** Adds one to the counter of each counted event. */
export function eventCounters(meter: Meter): (event: IlsAuthEvent) => void {
  const counters = new Map<string, { counter: Counter; attributes: (event: never) => Attributes }>();
  for (const [type, spec] of Object.entries(COUNTERS)) {
    if (!spec) continue;
    const counter = meter.createCounter(spec.name, { description: spec.description });
    counters.set(type, { counter, attributes: spec.attributes });
  }
  return (event) => {
    const counted = counters.get(event.type);
    // The map is keyed by event type, so the attributes function is the one for this event's type.
    counted?.counter.add(1, counted.attributes(event as never));
  };
}
