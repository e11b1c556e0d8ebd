import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { ADMIN_PREFIX, type AdminReports, adminReply } from './admin-endpoints.js';
import type { EmulatorControls, EmulatorSettings } from './controls.js';
import { describeRequest } from './echo-request.js';
import { type Fault, type FaultQueue, faultAnswers } from './fault-injection.js';
import { jsonReply, type Reply, sendReply } from './http.js';
import { PayloadTooLargeError, RequestContext } from './request-context.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';
import { matchRoute, type Route } from './router.js';

/** How one system words a bare HTTP status (unknown path, 405, 413, 500, an injected fault). */
export interface SystemErrors {
  forStatus(status: number): Reply;
}

export interface PipelineConfig {
  system: string;
  routes: readonly Route[];
  errors: SystemErrors;
  log: RequestLog;
  faults: FaultQueue;
  settings: EmulatorSettings;
  controls: EmulatorControls;
  now: () => number;
  /** Aborted when the emulator closes, so pending latency and fault delays end at once. */
  signal: AbortSignal;
  /** Rewrites a path for the log, for systems that put a token in the path (Polaris). */
  logPath?: (path: string) => string;
  adminReports?: AdminReports;
}

/**
 * The one path every request takes: route, log, latency, faults, handler, reply. It never throws:
 * whatever a client sends, the answer is an HTTP response in the system's own error shape.
 */
export function createRequestListener(
  config: PipelineConfig,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(config, req, res).catch((error: unknown) => {
      if (config.signal.aborted) return;
      console.error(`[ils-auth emulator] ${config.system}: unexpected failure: ${(error as Error)?.message}`);
      sendReply(res, config.errors.forStatus(500));
    });
  };
}

async function handle(config: PipelineConfig, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = parseTarget(req.url);
  if (!url) {
    sendReply(res, config.errors.forStatus(400));
    return;
  }
  const method = (req.method ?? 'GET').toUpperCase();

  if (url.pathname.startsWith(ADMIN_PREFIX)) {
    sendReply(
      res,
      await guard(config, () =>
        adminReply(new RequestContext(req, url), config.controls, config.log, config.adminReports),
      ),
    );
    return;
  }

  const match = matchRoute(config.routes, method, url.pathname);
  const endpoint =
    match.kind === 'not-found'
      ? `${config.system}.unknown`
      : match.kind === 'found'
        ? match.route.endpoint
        : match.endpoint;
  const entry = config.log.start({
    method,
    path: config.logPath ? config.logPath(url.pathname) : url.pathname,
    endpoint,
    at: config.now(),
    headers: headersToRecord(req),
  });
  const reply = (answer: Reply) => {
    entry.status = answer.status;
    sendReply(res, answer);
  };

  if (config.settings.latencyMs > 0)
    await delay(config.settings.latencyMs, undefined, { signal: config.signal });

  const fault = config.faults.take(endpoint, url.pathname);
  if (fault) {
    if (fault.delayMs) await delay(fault.delayMs, undefined, { signal: config.signal });
    if (fault.reset) {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault.trickleMs !== undefined) {
      entry.status = fault.status ?? 200;
      trickle(res, fault, fault.trickleMs, config.signal);
      return;
    }
    if (fault.echo) {
      const echoed = await guard(config, async () =>
        echoReply(fault, await describeRequest(new RequestContext(req, url))),
      );
      reply(echoed);
      return;
    }
    if (faultAnswers(fault)) {
      reply(faultReply(fault, config.errors));
      return;
    }
  }

  if (match.kind === 'not-found') return reply(config.errors.forStatus(404));
  if (match.kind === 'method-not-allowed') {
    const answer = config.errors.forStatus(405);
    return reply({ ...answer, headers: { ...answer.headers, Allow: match.allow.join(', ') } });
  }
  const ctx = new RequestContext(req, url, match.params);
  reply(await guard(config, () => match.route.handle(ctx)));
}

/** The `trickleMs` fault: headers now, then one byte of the body at a time until it ends or the client leaves. */
function trickle(res: ServerResponse, fault: Fault, everyMs: number, closing: AbortSignal): void {
  res.writeHead(fault.status ?? 200, { 'Content-Type': fault.contentType ?? 'application/json' });
  const body = Buffer.from(fault.body ?? '');
  let sent = 0;
  let stopped = false;
  const drip = setInterval(() => {
    if (fault.body !== undefined && sent >= body.length) return stop(true);
    res.write(fault.body === undefined ? ' ' : body.subarray(sent, sent + 1));
    sent += 1;
  }, everyMs);
  const stop = (finished: boolean) => {
    if (stopped) return;
    stopped = true;
    clearInterval(drip);
    closing.removeEventListener('abort', abandon);
    if (finished) res.end();
    else res.destroy();
  };
  const abandon = () => stop(false);
  closing.addEventListener('abort', abandon, { once: true });
  res.on('close', () => stop(res.writableFinished));
}

/** Runs a handler; a body over the limit becomes 413 (and the connection closes, unread). */
async function guard(config: PipelineConfig, run: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof PayloadTooLargeError)) throw error;
    const answer = config.errors.forStatus(413);
    return { ...answer, headers: { ...answer.headers, Connection: 'close' } };
  }
}

function faultReply(fault: Fault, errors: SystemErrors): Reply {
  const status = fault.status ?? (fault.body !== undefined ? 200 : 500);
  const base = errors.forStatus(status);
  const headers: Record<string, string | string[]> = { ...base.headers };
  if (fault.body !== undefined) {
    headers['Content-Type'] = /^\s*</.test(fault.body) ? 'text/html; charset=utf-8' : 'application/json';
  }
  if (fault.contentType !== undefined) headers['Content-Type'] = fault.contentType;
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  return { status, headers, body: fault.body ?? base.body ?? '' };
}

/** An OAuth-shaped error whose description repeats the request: what the `echo` fault answers. */
function echoReply(fault: Fault, echoed: string): Reply {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  const body = { error: 'invalid_request', error_description: echoed };
  return jsonReply(fault.status ?? 400, body, 'application/json', headers);
}

function parseTarget(target: string | undefined): URL | undefined {
  // Prefixing an origin keeps `//host/x` a path instead of a protocol-relative URL.
  if (!target?.startsWith('/')) return undefined;
  try {
    return new URL(`http://emulator.invalid${target}`);
  } catch {
    return undefined;
  }
}

function headersToRecord(req: IncomingMessage): RequestLogEntry['headers'] {
  const headers: RequestLogEntry['headers'] = {};
  const userAgent = req.headers['user-agent'];
  const forwardedFor = req.headers['x-forwarded-for'];
  if (userAgent !== undefined) headers.userAgent = userAgent;
  if (forwardedFor !== undefined)
    headers.forwardedFor = Array.isArray(forwardedFor) ? forwardedFor.join(', ') : forwardedFor;
  return headers;
}
