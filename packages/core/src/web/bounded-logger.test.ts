import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { createBoundedLogger, type LineLogger } from './bounded-logger.js';
import { logServerError } from './server-error-log.js';

/** A logger that keeps what it was given: level, message and any details. */
function recorder() {
  const lines: { level: string; message: string; details: unknown[] }[] = [];
  const logger: LineLogger = {
    error: (message, ...details) => lines.push({ level: 'error', message, details }),
    warn: (message, ...details) => lines.push({ level: 'warn', message, details }),
  };
  return { logger, lines, messages: () => lines.map((line) => line.message) };
}

const outage = () =>
  new IlsAuthError('provider_unavailable', 'sierra is unavailable; token requests resume in 30 s', {
    provider: 'sierra',
    retryAfter: 30,
  });

describe('createBoundedLogger: one line per key per interval, with a count of the rest', () => {
  it('writes the first line of a key, counts the others and writes the count when the interval ends', async () => {
    const { logger, messages } = recorder();
    const log = createBoundedLogger(logger, { intervalSeconds: 0.1 });
    for (let i = 0; i < 200; i++) log.write('warn', '503 provider_unavailable', `line ${i}`);
    log.write('error', '500 config_invalid', 'another code has its own line');
    expect(messages()).toEqual(['line 0', 'another code has its own line']);

    await sleep(150);
    expect(messages().slice(2)).toEqual(['ils-auth: 199 more "503 provider_unavailable" in the last 0.1 s']);
    // Still failing: counted in the next interval, not written line by line.
    for (let i = 0; i < 3; i++) log.write('warn', '503 provider_unavailable', 'still down');
    await sleep(150);
    expect(messages().slice(3)).toEqual(['ils-auth: 3 more "503 provider_unavailable" in the last 0.1 s']);
    // A quiet interval closes the window: the next failure is written in full again.
    await sleep(150);
    log.write('warn', '503 provider_unavailable', 'down again');
    expect(messages().slice(4)).toEqual(['down again']);
    log.write('warn', '503 provider_unavailable', 'held back');
    log.close();
    expect(messages().slice(5)).toEqual(['ils-auth: 1 more "503 provider_unavailable" in the last 0.1 s']);
  });

  it('refuses a logger without error() and warn(), and an interval that is not a positive number', () => {
    expect(() => createBoundedLogger({ log() {} } as unknown as LineLogger)).toThrow(
      expect.objectContaining({ code: 'config_invalid', message: expect.stringContaining('logger') }),
    );
    for (const intervalSeconds of [0, -1, Number.NaN, '60' as unknown as number])
      expect(() => createBoundedLogger(console, { intervalSeconds })).toThrow(
        expect.objectContaining({
          code: 'config_invalid',
          message: expect.stringContaining('logIntervalSeconds'),
        }),
      );
  });
});

describe('logServerError', () => {
  it('an IlsAuthError is one line without a stack: a provider outage as a warning, our own fault as an error', () => {
    const { logger, lines } = recorder();
    const log = createBoundedLogger(logger);
    logServerError(log, outage(), 503);
    logServerError(log, outage(), 503);
    logServerError(
      log,
      new IlsAuthError('invalid_client', 'the provider refused the client credentials'),
      500,
    );
    log.close();
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'ils-auth: 503 provider_unavailable: sierra is unavailable; token requests resume in 30 s',
        details: [],
      },
      {
        level: 'error',
        message: 'ils-auth: 500 invalid_client: the provider refused the client credentials',
        details: [],
      },
      { level: 'warn', message: 'ils-auth: 1 more "503 provider_unavailable" in the last 60 s', details: [] },
    ]);
  });

  it("another error is the application's bug: its stack goes along, once per interval", () => {
    const { logger, lines } = recorder();
    const log = createBoundedLogger(logger);
    const bug = new TypeError('cannot read properties of undefined');
    logServerError(log, bug, 500);
    logServerError(log, new TypeError('the same bug again'), 500);
    expect(lines).toEqual([
      { level: 'error', message: 'ils-auth: 500 internal_error: an unexpected TypeError', details: [bug] },
    ]);
    log.close();
  });
});
