import type { ProviderAnswer } from '../errors/provider-error.js';
import type { AppRequester, JsonGetter } from '../providers/provider-descriptor.js';
import { jsonFromResponse, readAnswer } from './json-request.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import type { SignInDeadline } from './sign-in-deadline.js';

/** The requests a PIN check or a profile read makes with the application's credential for one patron. */
export interface AppTokenRequests {
  getWithAppToken: JsonGetter;
  requestWithAppToken: AppRequester;
  postWithAppToken(url: string, body: unknown, purpose: string): Promise<ProviderAnswer>;
}

/**
 * Each request forwards the patron's IP where the provider wants it and is cancelled by the sign-in's
 * deadline (its signal read when a request is sent); the app client is only made when a request is sent.
 */
export function appTokenRequests(
  context: PatronAuthContext,
  clientIp: string | undefined,
  deadline?: SignInDeadline,
): AppTokenRequests {
  const { provider, resolved } = context;
  const forwardedFor = context.forwardedFor(clientIp);
  return {
    async getWithAppToken(url, purpose) {
      return jsonFromResponse(
        await context
          .app()
          .fetch(url, { headers: { accept: 'application/json' }, forwardedFor, signal: deadline?.signal }),
        provider,
        purpose,
        [],
        resolved.requestTimeoutMs,
      );
    },
    async requestWithAppToken(url, init, _purpose) {
      return readAnswer(
        await context.app().fetch(url, { ...init, forwardedFor, signal: init.signal ?? deadline?.signal }),
        provider,
        resolved.requestTimeoutMs,
      );
    },
    async postWithAppToken(url, body, _purpose) {
      const response = await context.app().fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        forwardedFor,
        signal: deadline?.signal,
      });
      return readAnswer(response, provider, resolved.requestTimeoutMs);
    },
  };
}
