import { htmlReply, jsonReply, type Reply } from '../shared/http.js';
import type { RequestContext } from '../shared/request-context.js';
import { userFinesSummary, userFleshedRetrieve } from './actor-methods.js';
import { login, sessionDelete, sessionResetTimeout, sessionRetrieve } from './auth-methods.js';
import { type MethodResult, methodException } from './method-result.js';
import type { EvergreenState } from './state.js';

type Method = (state: EvergreenState, params: readonly unknown[]) => MethodResult;

const SERVICES: Record<string, Record<string, Method>> = {
  'open-ils.auth': {
    'open-ils.auth.login': login,
    'open-ils.auth.session.retrieve': sessionRetrieve,
    'open-ils.auth.session.reset_timeout': sessionResetTimeout,
    'open-ils.auth.session.delete': sessionDelete,
  },
  'open-ils.actor': {
    'open-ils.actor.user.fleshed.retrieve': userFleshedRetrieve,
    'open-ils.actor.user.fines.summary': userFinesSummary,
  },
};

export const notFoundPage = () =>
  htmlReply(
    404,
    '<!DOCTYPE HTML><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>',
  );

/**
 * `/osrf-gateway-v1` (OpenSRF `osrf_json_gateway.c`): `service`, `method` and one `param` per argument,
 * each a JSON value, from the query string or a form body. A missing or unknown service is a real HTTP
 * 404; everything else is HTTP 200, `text/plain`, `{"payload":[…],"status":200}`, with `debug` and the
 * status of a failed request inside the body.
 */
export async function gateway(state: EvergreenState, ctx: RequestContext): Promise<Reply> {
  const fields = new URLSearchParams(ctx.url.search);
  if (ctx.method === 'POST') for (const [name, value] of await ctx.form()) fields.append(name, value);
  const service = fields.get('service');
  const method = fields.get('method');
  // Own keys only: a service or method named `constructor` or `toString` must not reach the prototype.
  const methods = service !== null && Object.hasOwn(SERVICES, service) ? SERVICES[service] : undefined;
  if (!methods || method === null) return notFoundPage();
  const handle = Object.hasOwn(methods, method) ? methods[method] : undefined;
  const result: MethodResult = handle
    ? handle(state, fields.getAll('param').map(parseParam))
    : methodException(`Method [${method}] not found for service ${service}`);
  const body =
    result.kind === 'responses'
      ? { payload: result.payload, status: 200 }
      : { payload: [], debug: result.debug, status: result.status };
  return jsonReply(200, body, 'text/plain');
}

// A param that is not JSON reaches the method as null, which then refuses it.
function parseParam(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}
