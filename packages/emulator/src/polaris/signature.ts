import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestContext } from '../shared/request-context.js';
import { polarisDateProblem } from './polaris-date.js';
import type { SecretKind } from './signature-log.js';
import type { PolarisState } from './state.js';

/** A secret that may end the string to sign for this request. */
export interface SigningSecret {
  kind: SecretKind;
  value: string;
}

export type SignatureVerdict = { ok: true; secret: SecretKind } | { ok: false };

const PWS = /^PWS ([^:\s]+):([A-Za-z0-9+/]+={0,2})$/;

/**
 * Checks `Authorization: PWS <AccessID>:<Signature>`: Base64(HMAC-SHA1(access key, HTTP method + full
 * URL + PolarisDate + secret)), no separators, the method upper-case, the URL exactly as received and the
 * date exactly as in its header. Every check is recorded (without the secret) for tests to compare.
 */
export function verifySignature(
  state: PolarisState,
  ctx: RequestContext,
  secrets: readonly SigningSecret[],
): SignatureVerdict {
  const date = ctx.header('polarisdate') ?? ctx.header('date');
  const url = `http://${ctx.header('host') ?? ''}${ctx.req.url ?? ''}`;
  const signed = `${ctx.method}${url}${date ?? ''}`;
  const header = PWS.exec(ctx.header('authorization') ?? '');
  const key = header?.[1] === undefined ? undefined : state.key(header[1]);
  const matched =
    key && header?.[2] !== undefined
      ? secrets.find(({ value }) => sameSignature(header[2] ?? '', hmac(key.accessKey, signed + value)))
      : undefined;
  const problem = !header
    ? 'no PWS Authorization header'
    : !key
      ? 'unknown AccessID'
      : (polarisDateProblem(date, state.settings.maxClockSkewSeconds) ??
        (matched ? undefined : 'signature does not match'));
  state.signatures.add({
    at: state.runtime.clock.now(),
    accessId: header?.[1] ?? '',
    method: ctx.method,
    url,
    date: date ?? '',
    signed,
    secret: matched?.kind ?? secrets.map(({ kind }) => kind).join('|'),
    valid: problem === undefined,
    ...(problem === undefined ? {} : { problem }),
  });
  return problem === undefined && matched ? { ok: true, secret: matched.kind } : { ok: false };
}

function hmac(key: string, data: string): Buffer {
  return createHmac('sha1', key).update(data, 'utf8').digest();
}

function sameSignature(sent: string, expected: Buffer): boolean {
  const decoded = Buffer.from(sent, 'base64');
  return decoded.length === expected.length && timingSafeEqual(decoded, expected);
}
