import { IlsAuthError, isIlsAuthError, type ProviderDescriptor, type TokenSet } from '@ils-auth/core';
import { errorFromAnswer, type GrantContext, type JsonGetter } from '@ils-auth/core/extend';
import { EXIT } from '../exit-codes.js';
import { type Answered, authorizedRequest, type GetOutcome } from './authorized-get.js';
import { NEEDS_TOKEN, type Verdict } from './verdict.js';

/** A card and PIN no library issued: a PIN check that works refuses them as a wrong card or PIN. */
const MADE_UP = { barcode: 'ils-auth-doctor-no-such-card', pin: 'ils-auth-doctor-no-such-pin' };

/**
 * The provider's own PIN check (`patron.checkPin`: Sierra's `/patrons/validate`, Koha's password
 * validation) run for a made-up card. It passes only when the answer is "wrong card or PIN", which shows
 * that the route exists and the key may use it; a missing permission, an unknown route or an outage fails.
 */
export async function patronPinCheck(
  provider: ProviderDescriptor,
  token: TokenSet | undefined,
  context: GrantContext,
): Promise<Verdict> {
  const checkPin = provider.patron?.checkPin;
  if (!checkPin)
    return { check: 'patron-pin', outcome: 'skip', detail: 'this system checks no PIN with the app token' };
  if (!token) return { check: 'patron-pin', outcome: 'skip', detail: NEEDS_TOKEN };
  const answered = (outcome: GetOutcome, purpose: string): Answered => {
    if ('failure' in outcome)
      throw new IlsAuthError('provider_unavailable', `${purpose}: ${outcome.failure}`, {
        provider: provider.id,
      });
    return outcome;
  };
  const getWithAppToken: JsonGetter = async (url, purpose) => {
    const answer = answered(await authorizedRequest(new URL(url), token, context.timeoutMs), purpose);
    if (answer.status < 200 || answer.status > 299)
      throw errorFromAnswer(answer, {
        provider: provider.id,
        purpose,
        secrets: [],
        mapCode: provider.mapErrorCode,
      });
    if (answer.body === undefined)
      throw new IlsAuthError('malformed_response', `${purpose} answered no JSON`, { provider: provider.id });
    return answer.body;
  };
  try {
    await checkPin({
      provider,
      ...MADE_UP,
      getWithAppToken,
      // One check, once: nothing to back off from.
      withBackoff: (_key, request) => request(() => {}),
      postWithAppToken: async (url, body, purpose) =>
        answered(await authorizedRequest(new URL(url), token, context.timeoutMs, body), purpose),
    });
    return {
      check: 'patron-pin',
      outcome: 'fail',
      detail: 'the PIN check accepted a card and PIN that no library issued',
      exitCode: EXIT.refused,
    };
  } catch (error) {
    if (!isIlsAuthError(error)) throw error;
    if (error.code === 'invalid_credentials')
      return {
        check: 'patron-pin',
        outcome: 'ok',
        detail: `${provider.displayName} refused a made-up card as a wrong card or PIN: the key may check PINs`,
      };
    return {
      check: 'patron-pin',
      outcome: 'fail',
      detail: `${error.code}: ${error.message}`,
      exitCode: error.retryable ? EXIT.unavailable : EXIT.refused,
    };
  }
}
