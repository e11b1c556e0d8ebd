import { healthReport } from '@ils-auth/core';
import type { RequestHandler } from 'express';

/**
 * `app.get('/health', ilsAuthHealth())`: core's `healthReport()` as JSON (per application token: valid
 * until, last refresh, backoff, store mode; no secret), 200 while healthy and 503 while a provider's token
 * requests back off with no valid token left, for a load balancer or an uptime check.
 */
export function ilsAuthHealth(): RequestHandler {
  return (_req, res) => {
    const report = healthReport();
    res
      .set('Cache-Control', 'no-store')
      .status(report.healthy ? 200 : 503)
      .json(report);
  };
}
