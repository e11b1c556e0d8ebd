import type { ProviderDescriptor } from '../providers/provider-descriptor.js';

/** RFC 6749 Appendix B: the application/x-www-form-urlencoded encoding of one value. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/**
 * The `Authorization` header value for `basic` (RFC 6749 §2.3.1: id and secret form-encoded first) and
 * `basic-raw` (raw `id:secret`, as Sierra's documents require byte for byte).
 */
export function basicAuthorization(
  clientId: string,
  clientSecret: string,
  method: 'basic' | 'basic-raw',
): string {
  const pair =
    method === 'basic'
      ? `${formEncode(clientId)}:${formEncode(clientSecret)}`
      : `${clientId}:${clientSecret}`;
  return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

/** Adds the client's credentials to a token request the way its provider wants them. */
export function applyClientAuthentication(
  provider: ProviderDescriptor,
  headers: Headers,
  body: URLSearchParams,
): void {
  const secret = provider.clientSecret ?? '';
  switch (provider.tokenEndpointAuth) {
    case 'basic':
    case 'basic-raw':
      headers.set('authorization', basicAuthorization(provider.clientId, secret, provider.tokenEndpointAuth));
      return;
    case 'post':
      body.set('client_id', provider.clientId);
      body.set('client_secret', secret);
      return;
    case 'none':
      body.set('client_id', provider.clientId);
      return;
  }
}
