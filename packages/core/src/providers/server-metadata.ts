import { configError } from '../errors/config-error.js';
import { IlsAuthError } from '../errors/ils-auth-error.js';
import type { ServerMetadata } from './provider-descriptor.js';
import { checkedUrl } from './validate-options.js';

const URL_FIELDS = [
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'revocation_endpoint',
  'jwks_uri',
] as const;

const LIST_FIELDS = [
  'token_endpoint_auth_methods_supported',
  'code_challenge_methods_supported',
  'id_token_signing_alg_values_supported',
] as const;

/**
 * Where an issuer publishes its metadata, in the order they are tried: RFC 8414 §3.1 inserts the
 * well-known segment before the issuer's path; OpenID Connect Discovery §4 appends it.
 */
export function metadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, '');
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
}

/**
 * Checks a metadata document and keeps the fields ils-auth uses. Its `issuer` must be the configured one,
 * character for character (RFC 8414 §3.3, OpenID Connect Discovery §4.3): metadata that names another
 * issuer could send every token request to an impostor.
 */
export function readServerMetadata(
  body: unknown,
  expectedIssuer: string,
  provider: string,
  allowInsecureHttp: boolean,
): ServerMetadata {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new IlsAuthError('malformed_response', `${provider}'s metadata is not a JSON object`, { provider });
  }
  const record = body as Record<string, unknown>;
  if (record.issuer !== expectedIssuer) {
    throw configError(
      provider,
      'issuer',
      `is ${expectedIssuer}, but the server's metadata names ${typeof record.issuer === 'string' ? record.issuer.slice(0, 200) : 'no issuer'}; use exactly the issuer it names`,
    );
  }
  const metadata: Record<string, unknown> = { issuer: expectedIssuer };
  for (const field of URL_FIELDS) {
    if (record[field] === undefined) continue;
    metadata[field] = checkedUrl(record[field], allowInsecureHttp, (problem) =>
      configError(provider, 'issuer', `has metadata whose ${field} ${problem}`),
    );
  }
  for (const field of LIST_FIELDS) {
    const list = record[field];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
      throw new IlsAuthError(
        'malformed_response',
        `${provider}'s metadata field ${field} is not a list of strings`,
        {
          provider,
        },
      );
    }
    metadata[field] = Object.freeze([...list]);
  }
  if (record.authorization_response_iss_parameter_supported === true)
    metadata.authorization_response_iss_parameter_supported = true;
  return Object.freeze(metadata) as unknown as ServerMetadata;
}
