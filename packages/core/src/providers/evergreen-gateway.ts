import type { IlsClient } from '../client/create-client.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import { errorFromAnswer, type ProviderAnswer } from '../errors/provider-error.js';
import type { SecretValue } from '../internal/redact.js';
import { readAnswer } from '../patrons/json-request.js';
import { asRecord, firstString } from './profile-fields.js';

/** The gateway's path under an Evergreen server's origin (`eg_vhost.conf`). */
export const GATEWAY_PATH = 'osrf-gateway-v1';

/** An Evergreen event (`oils_event.c`): `ilsevent` 0 is `SUCCESS`, anything else a failure. */
export interface EvergreenEvent {
  ilsevent: number;
  textcode: string;
  payload: unknown;
}

/** One OpenSRF call as gateway form fields: `service`, `method`, then one JSON `param` per argument. */
export function gatewayForm(service: string, method: string, params: readonly unknown[]): URLSearchParams {
  const form = new URLSearchParams({ service, method });
  for (const param of params) form.append('param', JSON.stringify(param));
  return form;
}

/**
 * The same form with `first` as its first `param`: how a session's authtoken goes on a gateway call.
 * A body that is not a gateway form is returned as it was.
 */
export function withFirstParam(body: RequestInit['body'], first: unknown): RequestInit['body'] {
  if (!(body instanceof URLSearchParams) || !body.has('service') || !body.has('method')) return body;
  const form = new URLSearchParams();
  for (const name of ['service', 'method']) form.set(name, body.get(name) ?? '');
  form.append('param', JSON.stringify(first));
  for (const param of body.getAll('param')) form.append('param', param);
  return form;
}

/**
 * The payload of a gateway answer (HTTP 200, `text/plain` JSON `{"payload":[…],"status":200}`); a
 * request that died inside OpenSRF says so in `status` and `debug`, still in HTTP 200.
 */
export function gatewayPayload(
  answer: ProviderAnswer,
  purpose: string,
  secrets: readonly SecretValue[] = [],
): unknown[] {
  if (answer.status !== 200) throw errorFromAnswer(answer, { provider: 'evergreen', purpose, secrets });
  let envelope: Record<string, unknown>;
  try {
    envelope = asRecord(JSON.parse(answer.bodyText));
  } catch {
    throw malformed(`the ${purpose} answered a body that is not JSON`);
  }
  if (envelope.status !== 200) {
    const status = typeof envelope.status === 'number' ? envelope.status : 'no status';
    // `debug` names the method, never an argument: safe to repeat.
    const debug = firstString(envelope.debug)?.slice(0, 200);
    throw new IlsAuthError(
      'provider_error',
      `the ${purpose} failed in OpenSRF (${status})${debug ? `: ${debug}` : ''}`,
      {
        provider: 'evergreen',
      },
    );
  }
  if (!Array.isArray(envelope.payload)) throw malformed(`the ${purpose} answered no payload`);
  return envelope.payload;
}

/** The event a payload item is, if it is one. */
export function eventOf(value: unknown): EvergreenEvent | undefined {
  const record = asRecord(value);
  const code = typeof record.ilsevent === 'string' ? Number(record.ilsevent) : record.ilsevent;
  const textcode = firstString(record.textcode);
  if (typeof code !== 'number' || !Number.isInteger(code) || !textcode) return undefined;
  return { ilsevent: code, textcode, payload: record.payload };
}

/** Whether a gateway answer says the authtoken is unknown or timed out (`NO_SESSION`). */
export function saysNoSession(bodyText: string): boolean {
  try {
    const payload = asRecord(JSON.parse(bodyText)).payload;
    return Array.isArray(payload) && eventOf(payload[0])?.textcode === 'NO_SESSION';
  } catch {
    return false;
  }
}

/**
 * One OpenSRF call with the application's session, for code that uses `createClient(evergreen(…))`:
 * `gatewayCall(client, 'open-ils.actor', 'open-ils.actor.user.fines.summary', userId)` posts the form
 * with the authtoken added as the first `param`, obtains a new session once if Evergreen answers
 * `NO_SESSION`, and resolves with the first payload item; a failure event is a typed `provider_error`
 * naming its `textcode`. The same call by hand is `client.fetch('osrf-gateway-v1', { method: 'POST',
 * body: gatewayForm(service, method, params) })`.
 */
export async function gatewayCall(
  client: Pick<IlsClient, 'fetch' | 'provider'>,
  service: string,
  method: string,
  ...params: unknown[]
): Promise<unknown> {
  const response = await client.fetch(GATEWAY_PATH, {
    method: 'POST',
    body: gatewayForm(service, method, params),
  });
  return firstResult(await readAnswer(response, client.provider), method);
}

/** The first payload item of an answer; a failure event becomes a typed error. */
export function firstResult(answer: ProviderAnswer, method: string): unknown {
  const [first] = gatewayPayload(answer, method);
  const event = eventOf(first);
  if (event && event.ilsevent !== 0)
    throw new IlsAuthError('provider_error', `Evergreen answered ${method} with ${event.textcode}`, {
      provider: 'evergreen',
      providerError: { error: event.textcode },
    });
  return first;
}

function malformed(message: string): IlsAuthError {
  return new IlsAuthError('malformed_response', message, { provider: 'evergreen' });
}
