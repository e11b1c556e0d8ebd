import type { PatronOperations, ProviderDescriptor } from '../providers/provider-descriptor.js';
import { appTokenRequests } from './app-token-requests.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import { patronGetter } from './patron-fetch.js';
import type { PatronProfile } from './patron-profile.js';
import type { SessionRecord } from './session-record.js';
import type { SignInDeadline } from './sign-in-deadline.js';

export interface ProfileRead {
  /** The descriptor as its metadata completed it, and its patron operations. */
  current: ProviderDescriptor;
  patron: PatronOperations;
  sessionId: string;
  record: SessionRecord;
  clientIp: string | undefined;
  /** The sign-in's deadline, when the read is part of one. */
  deadline?: SignInDeadline;
  /** The token response of the sign-in or the stored tokens, for providers that name the patron in it. */
  tokenRaw: Readonly<Record<string, unknown>> | undefined;
}

/** Reads a session's patron profile through the descriptor, with the patron's token where the session has one. */
export function readProfile(context: PatronAuthContext, read: ProfileRead): Promise<PatronProfile> {
  const { current, sessionId, record, clientIp, deadline } = read;
  const requests = appTokenRequests(context, clientIp, deadline);
  return read.patron.fetchProfile({
    provider: current,
    getWithPatronToken: record.tokens
      ? patronGetter(context, sessionId, clientIp, deadline?.signal)
      : undefined,
    getWithAppToken: requests.getWithAppToken,
    requestWithAppToken: requests.requestWithAppToken,
    patronId: record.patronId,
    barcode: record.barcode,
    tokenRaw: read.tokenRaw,
    idTokenClaims: record.idTokenClaims,
    withBackoff: context.withBackoff,
    now: context.resolved.clock,
  });
}
