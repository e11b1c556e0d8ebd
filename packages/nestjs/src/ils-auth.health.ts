import { type HealthReport, healthReport } from '@ils-auth/core';
import { Injectable } from '@nestjs/common';

/** What `@nestjs/terminus` takes from an indicator: `{ [key]: { status: 'up' | 'down', …details } }`. */
export type IlsAuthHealthResult = Record<string, { status: 'up' | 'down' } & HealthReport>;

/**
 * A health indicator for `@nestjs/terminus` (or any health route), built on core's `healthReport()`: per
 * application token, until when it is valid, its last refresh, whether token requests are backing off
 * from a provider outage, and the store's mode. Down while a provider is backing off and no token
 * obtained here is still valid; Terminus then answers the health check with 503.
 *
 * ```ts
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.ils.isHealthy('library')]); }
 * ```
 *
 * It imports nothing from Terminus: the result has the shape Terminus reads, so this package needs no
 * Terminus install in apps that do not use it.
 */
@Injectable()
export class IlsAuthHealthIndicator {
  /** The report under `key` (default `ils-auth`), `status: 'down'` when it is not healthy. */
  isHealthy(key = 'ils-auth'): IlsAuthHealthResult {
    const report = healthReport();
    return { [key]: { status: report.healthy ? 'up' : 'down', ...report } };
  }
}
