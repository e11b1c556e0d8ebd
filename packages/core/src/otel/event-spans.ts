import { type Attributes, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { IlsAuthEvent } from '../observability/events.js';

/** The name of the span of one token request (client credentials or a patron's refresh token). */
export const TOKEN_REQUEST_SPAN = 'ils_auth.token_request';

/**
 * Records a span for each finished token request and API call. The events arrive when the work ends and
 * carry its duration, so each span is written whole, started `durationMs` before now. Events are
 * published synchronously in the caller's async context, so the span's parent is the caller's active span.
 */
export function eventSpans(tracer: Tracer): (event: IlsAuthEvent) => void {
  const record = (
    name: string,
    durationMs: number,
    attributes: Attributes,
    errorType: string | undefined,
  ): void => {
    const end = Date.now();
    const span = tracer.startSpan(name, {
      kind: SpanKind.CLIENT,
      startTime: end - Math.max(0, durationMs),
      attributes,
    });
    if (errorType !== undefined) {
      span.setAttribute('error.type', errorType);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end(end);
  };

  return (event) => {
    switch (event.type) {
      case 'token.refreshed':
        return record(
          TOKEN_REQUEST_SPAN,
          event.durationMs,
          { 'ils_auth.provider': event.provider, 'ils_auth.slot': event.slot },
          undefined,
        );
      case 'token.failed':
        return record(
          TOKEN_REQUEST_SPAN,
          event.durationMs,
          {
            'ils_auth.provider': event.provider,
            'ils_auth.slot': event.slot,
            ...(event.status !== undefined ? { 'http.response.status_code': event.status } : {}),
          },
          event.code,
        );
      case 'api.responded':
      case 'api.failed': {
        // HTTP client semantic conventions: the span is named after the method; 4xx and 5xx are errors.
        const answered = event.type === 'api.responded';
        const attributes: Attributes = {
          'http.request.method': event.method,
          'server.address': event.host,
          'server.port': event.port,
          'ils_auth.provider': event.provider,
          ...(answered
            ? { 'http.response.status_code': event.status, 'ils_auth.retried': event.retried }
            : {}),
        };
        const errorType = answered ? (event.status >= 400 ? String(event.status) : undefined) : event.code;
        return record(event.method, event.durationMs, attributes, errorType);
      }
      default:
        return;
    }
  };
}
