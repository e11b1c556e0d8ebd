import type { errors as JoseErrors, JWTPayload } from 'jose';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { ProviderDescriptor } from '../providers/provider-descriptor.js';
import { loadJose } from './load-jose.js';
import { type KeySetContext, remoteKeySet } from './remote-key-set.js';

export interface IdTokenCheck {
  /** The `nonce` sent with the authorization request. */
  nonce: string;
  /** Epoch ms. */
  now: number;
}

/**
 * OpenID Connect Core §3.1.3.7: the id_token of a code-flow sign-in, validated with `jose`: signature by
 * one of the issuer's published keys with an allowed algorithm, `iss`, `aud` (and `azp` when there are
 * several audiences), `exp`, `iat`, `sub`, and the `nonce` of this sign-in. Returns its claims.
 */
export async function validateIdToken(
  provider: ProviderDescriptor,
  idToken: unknown,
  check: IdTokenCheck,
  context: KeySetContext,
): Promise<Readonly<Record<string, unknown>>> {
  // jose's errors carry the token's claims, so they are not kept as causes.
  const fail = (message: string) =>
    new IlsAuthError('invalid_token', `${provider.id}'s id_token ${message}`, { provider: provider.id });
  const { openId, issuer, endpoints } = provider;
  if (!openId || !issuer || !endpoints.jwks)
    throw fail('cannot be checked: the provider has no issuer or keys');
  if (typeof idToken !== 'string' || idToken === '') throw fail('is missing from the token response');
  const { errors, jwtVerify } = await loadJose(provider.id);
  const keySet = await remoteKeySet(provider.id, endpoints.jwks, context);
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(idToken, keySet, {
      issuer,
      audience: provider.clientId,
      algorithms: [...openId.idTokenAlgorithms],
      clockTolerance: openId.clockToleranceSeconds,
      currentDate: new Date(check.now),
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    }));
  } catch (error) {
    throw describeFailure(error, errors, provider.id, fail);
  }
  // jose checks that `iat` is a number, not that it has passed: a token issued tomorrow was made by a
  // server with a wrong clock or for a replay later on.
  if (typeof claims.iat === 'number' && claims.iat * 1000 > check.now + openId.clockToleranceSeconds * 1000)
    throw fail('was issued in the future (iat)');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== provider.clientId)
    throw fail('was issued to another party (azp)');
  if (claims.nonce !== check.nonce) throw fail('does not belong to this sign-in (nonce)');
  return Object.freeze({ ...claims });
}

function describeFailure(
  error: unknown,
  errors: typeof JoseErrors,
  provider: string,
  fail: (message: string) => IlsAuthError,
): IlsAuthError {
  // The key set's body was too large or too slow: already typed, named for the provider here.
  if (error instanceof IlsAuthError) return error.with({ provider });
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
    return new IlsAuthError('issuer_mismatch', `${provider}'s id_token names another issuer`, { provider });
  }
  if (error instanceof errors.JWTExpired) return fail('has expired');
  if (error instanceof errors.JWTClaimValidationFailed)
    return fail(`has an unacceptable ${error.claim} claim`);
  if (error instanceof errors.JOSEAlgNotAllowed)
    return fail('is signed with an algorithm that is not allowed');
  if (error instanceof errors.JWKSNoMatchingKey)
    return fail('is signed with a key the issuer does not publish');
  if (error instanceof errors.JWSSignatureVerificationFailed) return fail('has an invalid signature');
  if (error instanceof errors.JWKSTimeout)
    return new IlsAuthError('timeout', `reading ${provider}'s signing keys timed out`, {
      provider,
      cause: error,
    });
  if (error instanceof errors.JOSEError) return fail(`is invalid (${error.code})`);
  return new IlsAuthError('provider_unavailable', `reading ${provider}'s signing keys failed`, {
    provider,
    cause: error,
  });
}
