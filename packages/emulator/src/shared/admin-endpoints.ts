import type { EmulatorControls } from './controls.js';
import { type Fault, validateFault } from './fault-injection.js';
import { emptyReply, jsonReply, type Reply } from './http.js';
import type { RequestContext } from './request-context.js';
import type { RequestLog } from './request-log.js';

export const ADMIN_PREFIX = '/__emulator/';

const badRequest = (error: string) => jsonReply(400, { error });

/** A system's own read-only reports, served as `GET /__emulator/<name>` (sign-in counts, signatures…). */
export type AdminReports = Readonly<Record<string, () => unknown>>;

/**
 * The controls over HTTP, for emulators started from the CLI or in another process. Admin requests
 * are not logged and never hit injected faults: they are the test harness, not the client under test.
 */
export async function adminReply(
  ctx: RequestContext,
  controls: EmulatorControls,
  log: RequestLog,
  reports: AdminReports = {},
): Promise<Reply> {
  const action = `${ctx.method} ${ctx.path.slice(ADMIN_PREFIX.length)}`;
  switch (action) {
    case 'GET requests':
      return jsonReply(200, {
        total: log.total(),
        tokenRequests: log.tokenRequests(),
        byEndpoint: log.byEndpoint(),
        entries: log.entries(),
      });
    case 'POST restart':
      controls.restart();
      return emptyReply(204);
    case 'POST advance': {
      const raw = ctx.url.searchParams.get('seconds') ?? '';
      const seconds = /^\d+(?:\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isFinite(seconds)) return badRequest('seconds: expected a number >= 0');
      controls.advance(seconds);
      return jsonReply(200, { now: controls.now() });
    }
    case 'POST reset-log':
      controls.clearRequests();
      return emptyReply(204);
    case 'POST faults': {
      const parsed = await ctx.json();
      if (!parsed.ok) return badRequest('body: expected a JSON fault');
      let fault: Fault;
      try {
        fault = validateFault(parsed.value);
      } catch (error) {
        return badRequest((error as Error).message);
      }
      controls.inject(fault);
      return emptyReply(204);
    }
    case 'DELETE faults':
      controls.clearFaults();
      return emptyReply(204);
    default: {
      const name = ctx.path.slice(ADMIN_PREFIX.length);
      const report = ctx.method === 'GET' && Object.hasOwn(reports, name) ? reports[name] : undefined;
      if (report) return jsonReply(200, report());
      return jsonReply(404, { error: `no admin endpoint ${action}` });
    }
  }
}
