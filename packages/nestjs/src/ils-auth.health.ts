import { type HealthReport, healthReport } from '@ils-auth/core';
import { Injectable } from '@nestjs/common';

/** What `@nestjs/terminus` takes from an indicator: `{ [key]: { status: 'up' | 'down', …details } }`. */
export type IlsAuthHealthResult = Record<string, { status: 'up' | 'down' } & HealthReport>;

/**
 * A health indicator for `@nestjs/terminus` (which it does not import) on core's `healthReport()`: down
 * while a provider backs off and no token obtained here is still valid, so Terminus answers 503.
 *
 * ```ts
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.ils.isHealthy('library')]); }
 * ```
 */
@Injectable()
export class IlsAuthHealthIndicator {
  /** The report under `key` (default `ils-auth`), `status: 'down'` when it is not healthy. */
  isHealthy(key = 'ils-auth'): IlsAuthHealthResult {
    const report = healthReport();
    return { [key]: { status: report.healthy ? 'up' : 'down', ...report } };
  }
}
