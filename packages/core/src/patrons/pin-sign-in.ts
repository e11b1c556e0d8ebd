import { configError } from '../errors/config-error.js';
import { IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';
import { passwordGrant } from '../grants/password.js';
import type {
  PinCheckContext,
  PinCheckResult,
  ProviderDescriptor,
} from '../providers/provider-descriptor.js';
import type { TokenSet } from '../tokens/token-set.js';
import { appTokenRequests } from './app-token-requests.js';
import type { SignInOptions } from './patron-auth.js';
import type { PatronAuthContext } from './patron-auth-context.js';
import { checkPatronCredentials, type PatronCredentials } from './patron-credentials.js';
import type { PatronSession } from './patron-session.js';
import type { SessionRecord } from './session-record.js';
import type { SignInDeadline } from './sign-in-deadline.js';
import { SignInGrantContext } from './sign-in-grant-context.js';
import { recordFromTokens, startSession } from './start-session.js';

/**
 * A barcode + PIN sign-in: the descriptor's own PIN check where it has one (Sierra, Koha, SIP2 …),
 * otherwise the password grant (OverDrive). The credentials are checked before any network call.
 */
export async function pinSignIn(
  context: PatronAuthContext,
  credentials: PatronCredentials,
  signIn: SignInOptions,
  deadline: SignInDeadline,
): Promise<PatronSession> {
  const { provider } = context;
  const { barcode, pin } = checkPatronCredentials(credentials, provider.id);
  const current = await context.discovery.get();
  const checkPin = current.patron?.checkPin;
  if (checkPin) {
    if (pin === undefined)
      throw new IlsAuthError('invalid_input', 'the pin is missing', { provider: provider.id, status: 400 });
    return signInByPinCheck(context, current, checkPin, { barcode, pin }, signIn, deadline);
  }
  if (!provider.grants.includes('password')) {
    throw configError(
      provider.id,
      'grants',
      'offer no barcode + PIN sign-in for this provider; use authorizationUrl()',
    );
  }
  const tokens = await passwordGrantSignIn(context, current, barcode, pin, deadline.signal);
  return startSession(
    context,
    current,
    recordFromTokens(context, tokens, { barcode }),
    signIn,
    deadline,
    tokens.raw,
  );
}

async function signInByPinCheck(
  context: PatronAuthContext,
  current: ProviderDescriptor,
  checkPin: (check: PinCheckContext) => Promise<PinCheckResult>,
  credentials: { barcode: string; pin: string },
  signIn: SignInOptions,
  deadline: SignInDeadline,
): Promise<PatronSession> {
  const { provider, resolved } = context;
  const { barcode, pin } = credentials;
  const requests = appTokenRequests(context, signIn.clientIp, deadline);
  const checked = await checkPin({
    provider: current,
    barcode,
    pin,
    getWithAppToken: requests.getWithAppToken,
    withBackoff: context.withBackoff,
    postWithAppToken: requests.postWithAppToken,
    grant: new SignInGrantContext(resolved.grantContext, deadline),
    requestWithAppToken: requests.requestWithAppToken,
  });
  const now = resolved.clock();
  const record: SessionRecord = {
    v: 1,
    provider: provider.id,
    patronId: checked.patronId,
    barcode,
    createdAt: now,
    expiresAt: now + context.sessionTtlMs,
  };
  // A check that read the profile already (SIP2) saves the sign-in a second round trip.
  if (checked.profile && signIn.fetchProfile !== false) {
    record.profile = checked.profile;
    return startSession(context, current, record, PROFILE_ALREADY_READ, deadline);
  }
  return startSession(context, current, record, signIn, deadline);
}

/** What the rest of a sign-in needs to know once the check has read the profile: not to read it again. */
const PROFILE_ALREADY_READ: SignInOptions = Object.freeze({ fetchProfile: false });

/** OverDrive's kind: the password grant, with the codes the provider uses for a wrong card or PIN. */
async function passwordGrantSignIn(
  context: PatronAuthContext,
  current: ProviderDescriptor,
  barcode: string,
  pin: string | undefined,
  signal: AbortSignal,
): Promise<TokenSet> {
  const { provider, resolved } = context;
  try {
    return await passwordGrant(
      current,
      { username: barcode, password: pin },
      { ...resolved.grantContext, signal },
    );
  } catch (error) {
    const refused = provider.passwordGrant?.credentialErrors ?? [];
    if (isIlsAuthError(error) && error.providerError?.error && refused.includes(error.providerError.error)) {
      throw error.with({
        code: 'invalid_credentials',
        status: 401,
        message: `${provider.displayName} refused the card number or PIN${error.providerError.errorDescription ? `: ${error.providerError.errorDescription}` : ''}`,
      });
    }
    throw error;
  }
}
