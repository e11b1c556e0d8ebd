import { createHmac } from 'node:crypto';

/**
 * Test helper: a PAPI request signed as the vendor documents it, computed here independently of the
 * emulator: Base64(HMAC-SHA1(access key, method + URL + date + secret)). Not exported from the package.
 */
export function papiHeaders(
  accessId: string,
  accessKey: string,
  method: string,
  url: string,
  secret = '',
  date = new Date().toUTCString(),
): Record<string, string> {
  const signature = createHmac('sha1', accessKey).update(`${method}${url}${date}${secret}`).digest('base64');
  return { PolarisDate: date, Authorization: `PWS ${accessId}:${signature}` };
}
