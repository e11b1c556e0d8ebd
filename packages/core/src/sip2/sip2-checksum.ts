/**
 * The SIP2 checksum of a message's bytes, from its first byte through the `AZ` that precedes the
 * checksum: the sum of the bytes, kept to 16 bits, in two's complement, as 4 upper-case hex digits.
 * Servers add up bytes, not characters (Koha `C4/SIP/Sip/Checksum.pm`), so the sum is taken after
 * encoding: a PIN with "é" sums differently in UTF-8 and in Windows-1252.
 */
export function sip2Checksum(bytes: Uint8Array): string {
  return (-byteSum(bytes, bytes.length) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** Whether `bytes` (ending in `AZ` + 4 hex digits) carry a checksum that matches them. */
export function hasValidChecksum(bytes: Uint8Array): boolean {
  const end = bytes.length - 4;
  if (end < 2) return false;
  let sent = 0;
  for (let index = end; index < bytes.length; index += 1) {
    const digit = hexValue(bytes[index] as number);
    if (digit === -1) return false;
    sent = sent * 16 + digit;
  }
  return ((byteSum(bytes, end) + sent) & 0xffff) === 0;
}

function byteSum(bytes: Uint8Array, end: number): number {
  let sum = 0;
  for (let index = 0; index < end; index += 1) sum += bytes[index] as number;
  return sum & 0xffff;
}

/** The value of an ASCII hex digit (either case), or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}
