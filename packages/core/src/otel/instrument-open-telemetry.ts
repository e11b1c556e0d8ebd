import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import { onIlsAuthEvent } from '../observability/events.js';
import { eventCounters } from './event-counters.js';
import { eventSpans } from './event-spans.js';

export interface OpenTelemetryOptions {
  /** Where spans go. Default: the global tracer provider (what an SDK's `register()` or `start()` sets). */
  tracerProvider?: TracerProvider;
  /** Where counters go. Default: the global meter provider. */
  meterProvider?: MeterProvider;
}

/** The instrumentation scope every span and metric of ils-auth is reported under. */
export const INSTRUMENTATION_SCOPE = '@ils-auth/core';

/**
 * Turns ils-auth's event stream into OpenTelemetry spans (token requests, API calls made through
 * `fetch()`) and counters (refreshes, failures, fail-fast calls while backing off, sign-in throttling).
 * The events are the one source: what a span or counter says is what an event said, and no event carries a
 * secret, so no attribute does. Returns a function that stops the instrumentation.
 */
export function instrumentOpenTelemetry(options: OpenTelemetryOptions = {}): () => void {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);
  const spans = eventSpans(tracer);
  const counters = eventCounters(meter);
  return onIlsAuthEvent((event) => {
    spans(event);
    counters(event);
  });
}
