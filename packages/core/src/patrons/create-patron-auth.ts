import type { AuthorizationTransaction } from '../grants/authorization-code.js';
import { printAs } from '../internal/print-as.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { authorizationUrl, completeCodeFlow } from './code-flow.js';
import { logoutSession } from './logout-session.js';
import type {
  CallbackInput,
  PatronAuth,
  PatronAuthOptions,
  ProfileSignInOptions,
  SignInOptions,
} from './patron-auth.js';
import { createPatronAuthContext } from './patron-auth-context.js';
import type { PatronCredentials } from './patron-credentials.js';
import { patronFetch } from './patron-fetch.js';
import type { PatronSession, SignedInPatronSession } from './patron-session.js';
import { refreshSession, sessionProfile, sessionTokenSet } from './patron-sessions.js';
import { pinSignIn } from './pin-sign-in.js';
import { readSessionsAtOnce } from './session-at-once.js';
import { findSession, findSessionAtOnce } from './session-lookup.js';
import { withinSignInDeadline } from './sign-in-deadline.js';

export type { PatronAuth, PatronAuthOptions, ProfileSignInOptions, SignInOptions } from './patron-auth.js';

/** Everything an application does with the patrons of one provider: the flows, assembled on one context. */
export function createPatronAuth(provider: ProviderDescriptor, options: PatronAuthOptions = {}): PatronAuth {
  const context = createPatronAuthContext(provider, options);
  const { signInTimeoutMs } = context.resolved;
  /** A session that was made after its sign-in timed out: nobody was told its id, so it ends at once. */
  const abandonSession = (late: PatronSession) => logoutSession(context, late.id);

  // Overloads, so that a sign-in with the default fetchProfile is typed as having the profile.
  function handleCallback(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    signIn?: ProfileSignInOptions,
  ): Promise<SignedInPatronSession>;
  function handleCallback(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    signIn?: SignInOptions,
  ): Promise<PatronSession>;
  function handleCallback(
    callback: CallbackInput,
    transaction: AuthorizationTransaction,
    signIn: SignInOptions = {},
  ): Promise<PatronSession> {
    return withinSignInDeadline(
      signInTimeoutMs,
      provider.id,
      (deadline) => completeCodeFlow(context, callback, transaction, signIn, deadline),
      abandonSession,
    );
  }

  function login(
    credentials: PatronCredentials,
    signIn?: ProfileSignInOptions,
  ): Promise<SignedInPatronSession>;
  function login(credentials: PatronCredentials, signIn?: SignInOptions): Promise<PatronSession>;
  function login(credentials: PatronCredentials, signIn: SignInOptions = {}): Promise<PatronSession> {
    return withinSignInDeadline(
      signInTimeoutMs,
      provider.id,
      (deadline) => pinSignIn(context, credentials, signIn, deadline),
      abandonSession,
    );
  }

  const auth: PatronAuth = {
    provider,
    async ready() {
      await context.discovery.get();
    },
    authorizationUrl: (requestOptions = {}) => authorizationUrl(context, requestOptions),
    handleCallback,
    login,
    getSession: (sessionId) => findSession(context, sessionId),
    accessToken: async (sessionId) => (await sessionTokenSet(context, sessionId)).accessToken,
    tokenSet: (sessionId) => sessionTokenSet(context, sessionId),
    fetch: (sessionId, input, init) => patronFetch(context, sessionId, input, init),
    refresh: (sessionId) => refreshSession(context, sessionId),
    profile: (sessionId, profileOptions = {}) => sessionProfile(context, sessionId, profileOptions),
    logout: (sessionId) => logoutSession(context, sessionId),
  };
  readSessionsAtOnce(auth, (sessionId) => findSessionAtOnce(context, sessionId));
  return printAs(auth, 'PatronAuth', () => ({ provider: provider.id }));
}
