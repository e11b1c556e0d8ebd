import { isIP } from 'node:net';
import { BoundedMemo } from '../internal/bounded-memo.js';

/**
 * The patron's IP as the throttle counts it and Sierra's `X-Forwarded-For` forwards it: the address the
 * framework resolved under its trust-proxy rules (never a raw `X-Forwarded-For` read here, which any client
 * can write), IPv4-mapped IPv6 written as plain IPv4 so one client is one counter. Anything that is not
 * an IP address is dropped.
 */
export function normalizeClientIp(ip: string | undefined): string | undefined {
  return typeof ip === 'string' ? normalized.get(ip) : undefined;
}

// Asked on every guarded call to Sierra (its `X-Forwarded-For`), by the same addresses again and again.
const normalized = new BoundedMemo(4_096, (ip) => {
  const plain = ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
  return isIP(plain) ? plain.toLowerCase() : undefined;
});
