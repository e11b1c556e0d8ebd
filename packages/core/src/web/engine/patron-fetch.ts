import type { IlsRequestInit } from '../../client/authorized-fetch.js';
import { mustSignInAgain } from '../../errors/http-status.js';
import { IlsAuthError, isIlsAuthError } from '../../errors/ils-auth-error.js';
import type { EngineRequest } from './engine-request.js';
import { forwardedFor } from './request-site.js';

/** Options of `patronFetch`: core's request options, and which signed-in patron calls. */
export interface PatronFetchInit extends IlsRequestInit {
  /** The provider whose patron makes the call (`patrons[provider]`); default `patron`'s. */
  provider?: string;
}

/**
 * An API call as a signed-in patron of the request (`patron`, or `init.provider`'s): their token, renewed
 * where the provider allows, or the app token for PIN-checked sessions; the patron's IP for providers
 * that want it. `session_expired` (401) when that patron is not signed in; when the provider refuses their
 * tokens for good, the session is recorded as ended, so the error answer sends them to sign in again.
 */
export async function patronFetch<Req>(
  state: EngineRequest<Req>,
  input: string | URL,
  init: PatronFetchInit = {},
): Promise<Response> {
  const { provider: name, ...rest } = init;
  await state.load();
  const patron = name === undefined ? state.patron : state.patrons[name];
  const sessionId = patron?.sessionId;
  if (!patron || !sessionId)
    throw new IlsAuthError(
      'session_expired',
      name === undefined ? 'no patron is signed in' : `no patron is signed in to "${name.slice(0, 40)}"`,
      { status: 401, reauthRequired: true },
    );
  const provider = state.setup.providers.get(patron.provider)!;
  try {
    return await provider.auth.fetch(sessionId, input, {
      ...rest,
      forwardedFor: rest.forwardedFor ?? forwardedFor(state.request, provider),
    });
  } catch (error) {
    if (isIlsAuthError(error) && mustSignInAgain(error)) state.sessionEnded(patron.provider);
    throw error;
  }
}
