import { createHmac } from 'node:crypto';

/**
 * Request signing: a function of the method, the URL exactly as sent, a date and a secret, whose result
 * goes in headers. Polaris PAPI's `PWS` scheme is the one ils-auth speaks: `PolarisDate: <RFC 1123 date>`
 * and `Authorization: PWS <access id>:Base64(HMAC-SHA1(access key, METHOD + URL + date + secret))`, the
 * secret being empty for the authenticators and the staff AccessSecret for calls made with a staff
 * session. Signing composes with a session login (the signature covers the session's secret), so it is
 * not a scheme of its own in `appAuth`: a descriptor's `attach` signs.
 */
export interface SignedRequest {
  method: string;
  url: string;
  /** Stamped once per request, from a UTC clock; the same value goes in the header and the signature. */
  date: string;
  secret?: string;
}

export interface PwsKey {
  readonly accessId: string;
  readonly accessKey: string;
}

/** The exact string PAPI's signature covers: no separators, the method upper case. */
export function pwsStringToSign(request: SignedRequest): string {
  return `${request.method.toUpperCase()}${request.url}${request.date}${request.secret ?? ''}`;
}

/** The two headers of a `PWS`-signed request. */
export function pwsHeaders(
  key: PwsKey,
  request: SignedRequest,
): { polarisdate: string; authorization: string } {
  const signature = createHmac('sha1', key.accessKey).update(pwsStringToSign(request)).digest('base64');
  return { polarisdate: request.date, authorization: `PWS ${key.accessId}:${signature}` };
}
