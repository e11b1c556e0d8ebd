import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import { LoginThrottle } from '../web/login-throttle.js';
import { throttledLogin } from '../web/throttled-login.js';
import { instrumentOpenTelemetry, TOKEN_REQUEST_SPAN } from './index.js';

describe('instrumentOpenTelemetry', () => {
  let emulator: SierraEmulator;
  const spans = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const meterProvider = new MeterProvider({ readers: [reader] });
  let stop: () => void;

  beforeAll(async () => {
    emulator = await startSierra();
    stop = instrumentOpenTelemetry({ tracerProvider, meterProvider });
  });
  afterAll(async () => {
    stop();
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown(), emulator.close()]);
  });
  beforeEach(() => {
    spans.reset();
    emulator.controls.clearFaults();
  });

  /** Sum of a counter's points whose attributes include `attributes`. */
  async function counted(name: string, attributes: Record<string, string> = {}): Promise<number> {
    metricExporter.reset();
    await reader.forceFlush();
    const metric = metricExporter
      .getMetrics()
      .flatMap((resource) => resource.scopeMetrics)
      .flatMap((scope) => scope.metrics)
      .find((candidate) => candidate.descriptor.name === name);
    return (metric?.dataPoints ?? [])
      .filter((point) => Object.entries(attributes).every(([key, value]) => point.attributes[key] === value))
      .reduce((sum, point) => sum + (point.value as number), 0);
  }
  const named = (name: string): ReadableSpan[] =>
    spans.getFinishedSpans().filter((span) => span.name === name);
  const provider = () => sierra({ baseUrl: emulator.url, ...emulator.credentials });

  it('records a token request span and an API call span, and counts refreshes', async () => {
    const client = createClient(provider(), { store: new MemoryStore() });
    const before = await counted('ils_auth.token.refreshes', { 'ils_auth.provider': 'sierra' });
    expect((await client.fetch('bibs/1000004')).status).toBe(200);

    const [token] = named(TOKEN_REQUEST_SPAN);
    expect(token?.kind).toBe(SpanKind.CLIENT);
    expect(token?.status.code).toBe(SpanStatusCode.UNSET);
    expect(token?.attributes).toMatchObject({ 'ils_auth.provider': 'sierra' });
    const [call] = named('GET');
    const origin = new URL(emulator.url);
    expect(call?.attributes).toEqual({
      'http.request.method': 'GET',
      'server.address': origin.hostname,
      'server.port': Number(origin.port),
      'http.response.status_code': 200,
      'ils_auth.provider': 'sierra',
      'ils_auth.retried': false,
    });
    // The call lasted at least as long as the token request it waited for.
    const millis = (span: ReadableSpan) => span.duration[0] * 1e3 + span.duration[1] / 1e6;
    expect(millis(call as ReadableSpan)).toBeGreaterThanOrEqual(millis(token as ReadableSpan) - 1);
    expect(await counted('ils_auth.token.refreshes', { 'ils_auth.provider': 'sierra' })).toBe(before + 1);
  });

  it('puts the spans under the span active in the caller, across the awaits inside fetch()', async () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    try {
      const client = createClient(provider(), { store: new MemoryStore() });
      const tracer = tracerProvider.getTracer('the-application');
      await tracer.startActiveSpan('handle request', async (parent) => {
        await client.fetch('bibs/1000004');
        parent.end();
      });
      const parent = named('handle request')[0];
      const parentId = parent?.spanContext().spanId;
      expect(parentId).toBeTruthy();
      for (const child of [...named(TOKEN_REQUEST_SPAN), ...named('GET')]) {
        expect(child.parentSpanContext?.spanId).toBe(parentId);
        expect(child.spanContext().traceId).toBe(parent?.spanContext().traceId);
      }
      expect(named(TOKEN_REQUEST_SPAN)).toHaveLength(1);
      expect(named('GET')).toHaveLength(1);
    } finally {
      context.disable();
    }
  });

  it('marks a retried call after a restart and counts the 401 retry', async () => {
    const client = createClient(provider(), { store: new MemoryStore() });
    await client.getToken();
    emulator.controls.restart();
    const retriesBefore = await counted('ils_auth.api.unauthorized_retries');
    expect((await client.fetch('bibs/1000004')).status).toBe(200);
    expect(named('GET')[0]?.attributes['ils_auth.retried']).toBe(true);
    expect(await counted('ils_auth.api.unauthorized_retries')).toBe(retriesBefore + 1);
  });

  it('records failures as error spans and counts failures and fail-fast calls while backing off', async () => {
    const client = createClient(provider(), { store: new MemoryStore() });
    const failuresBefore = await counted('ils_auth.token.failures', { 'error.type': 'provider_unavailable' });
    const fastBefore = await counted('ils_auth.token.failed_fast');
    emulator.controls.inject({ endpoint: 'sierra.token', status: 503, retryAfter: 30 });
    await expect(client.getToken()).rejects.toMatchObject({ code: 'provider_unavailable' });
    await expect(client.getToken()).rejects.toMatchObject({ code: 'provider_unavailable' });
    await expect(client.fetch('bibs/1000004')).rejects.toMatchObject({ code: 'provider_unavailable' });

    const [failed] = named(TOKEN_REQUEST_SPAN);
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes).toMatchObject({
      'error.type': 'provider_unavailable',
      'http.response.status_code': 503,
    });
    // One token request: the calls after it failed fast without one.
    expect(named(TOKEN_REQUEST_SPAN)).toHaveLength(1);
    expect(named('GET')[0]?.attributes['error.type']).toBe('provider_unavailable');
    expect(await counted('ils_auth.token.failures', { 'error.type': 'provider_unavailable' })).toBe(
      failuresBefore + 1,
    );
    expect(await counted('ils_auth.token.failed_fast')).toBe(fastBefore + 2);
  });

  it('marks API answers of 5xx as errors, by status', async () => {
    const client = createClient(provider(), { store: new MemoryStore() });
    emulator.controls.inject({ endpoint: 'sierra.bibs.get', status: 503 });
    expect((await client.fetch('bibs/1000004')).status).toBe(503);
    expect(named('GET')[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(named('GET')[0]?.attributes['error.type']).toBe('503');
  });

  it('counts throttled and failed sign-ins, and no attribute holds a secret', async () => {
    const store = new MemoryStore();
    const auth = createPatronAuth(provider(), { store });
    const throttle = new LoginThrottle(
      store,
      'a-throttle-secret-of-32-characters!',
      'otel',
      { barcode: { max: 1, windowSeconds: 60 }, ip: { max: 100, windowSeconds: 60 } },
      Date.now,
    );
    const throttledBefore = await counted('ils_auth.signin.throttled');
    const failedBefore = await counted('ils_auth.signin.failures', { 'error.type': 'invalid_credentials' });
    const barcode = '21913000000001';
    await expect(throttledLogin(auth, throttle, { barcode, pin: '0000' }, '192.0.2.7')).rejects.toThrow();
    await expect(throttledLogin(auth, throttle, { barcode, pin: '1234' }, '192.0.2.7')).rejects.toThrow();
    const session = await auth.login({ barcode, pin: '1234' });
    // A PIN session calls the patron API with the application token.
    const appToken = await createClient(provider(), { store }).getToken();
    const patronId = session.profile?.id;
    expect(patronId).toBeTruthy();
    expect((await auth.fetch(session.id, `patrons/${patronId}`)).status).toBe(200);
    expect(await counted('ils_auth.signin.throttled')).toBe(throttledBefore + 1);
    expect(await counted('ils_auth.signin.failures', { 'error.type': 'invalid_credentials' })).toBe(
      failedBefore + 1,
    );

    metricExporter.reset();
    await reader.forceFlush();
    const printed = JSON.stringify([
      spans.getFinishedSpans().map((span) => [span.name, span.attributes, span.events]),
      metricExporter.getMetrics(),
    ]);
    for (const secret of [
      emulator.credentials.clientSecret,
      barcode,
      '1234',
      session.id,
      appToken,
      `/patrons/${patronId}`,
    ])
      expect(printed).not.toContain(secret);
  });

  it('records nothing once stopped', async () => {
    const quiet = new InMemorySpanExporter();
    const stopQuiet = instrumentOpenTelemetry({
      tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(quiet)] }),
    });
    stopQuiet();
    await createClient(provider(), { store: new MemoryStore() }).fetch('bibs/1000004');
    expect(quiet.getFinishedSpans()).toEqual([]);
  });
});

describe('the package entries', () => {
  /** Every module a built entry loads, following its relative imports. */
  async function importGraph(entry: string): Promise<string[]> {
    const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
    const seen = new Set<string>();
    const specifiers: string[] = [];
    const visit = async (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = await readFile(`${dist}${file}`, 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (!specifier) continue;
        if (specifier.startsWith('./')) await visit(specifier.slice(2));
        else specifiers.push(specifier);
      }
    };
    await visit(entry);
    return specifiers;
  }

  it('load @opentelemetry/api from ./otel only, so the root, ./web and ./extend work without it', async () => {
    expect(await importGraph('otel.js')).toContain('@opentelemetry/api');
    for (const entry of ['index.js', 'web.js', 'extend.js']) {
      const imported = await importGraph(entry);
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.filter((specifier) => specifier.startsWith('@opentelemetry'))).toEqual([]);
    }
  });
});
