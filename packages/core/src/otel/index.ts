// `@ils-auth/core/otel`: the only entry that imports `@opentelemetry/api` (an optional peer dependency).
export { TOKEN_REQUEST_SPAN } from './event-spans.js';
export {
  INSTRUMENTATION_SCOPE,
  instrumentOpenTelemetry,
  type OpenTelemetryOptions,
} from './instrument-open-telemetry.js';
