import { isIPv4, isIPv6 } from 'node:net';
import type { ThrottleLimit } from './login-throttle.js';

/** The per-IP limit, and how much of an IPv6 address names one client. */
export interface IpThrottleLimit extends ThrottleLimit {
  /**
   * Leading bits of an IPv6 address counted as one client (1-128). Default 64: one subscriber or host
   * usually holds a whole /64 and can pick a new address in it for every guess.
   */
  ipv6PrefixLength?: number;
}

export const DEFAULT_IPV6_PREFIX_LENGTH = 64;

/**
 * The client the per-IP counter counts: an IPv4 address as it is (IPv4-mapped IPv6, `::ffff:192.0.2.1`
 * or `::ffff:c000:201`, is the IPv4 client it stands for), an IPv6 address as its first `prefixLength`
 * bits. Counting full IPv6 addresses would give every address of a /64 (2^64 of them) its own allowance.
 */
export function throttleAddressKey(ip: string, prefixLength = DEFAULT_IPV6_PREFIX_LENGTH): string {
  const address = ip.replace(/%.*$/, '').toLowerCase();
  if (isIPv4(address) || !isIPv6(address)) return address;
  const bytes = ipv6Bytes(address);
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return bytes.subarray(12).join('.');
  for (let bit = prefixLength; bit < 128; bit += 1) bytes[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return `${Buffer.from(bytes).toString('hex')}/${prefixLength}`;
}

/** The 16 bytes of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 part read). */
function ipv6Bytes(address: string): Uint8Array {
  const [head = '', tail] = address.split('::');
  const groups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const words = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
}
