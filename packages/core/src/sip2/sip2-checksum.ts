/**
 * The SIP2 checksum of a message's bytes, from its first byte through the `AZ` that precedes the
 * checksum: the sum of the bytes, kept to 16 bits, in two's complement, as 4 upper-case hex digits.
 * Servers add up bytes, not characters (Koha `C4/SIP/Sip/Checksum.pm`), so the sum is taken after
 * encoding: a PIN with "é" sums differently in UTF-8 and in Windows-1252.
 */
export function sip2Checksum(bytes: Uint8Array): string {
  let sum = 0;
  for (const byte of bytes) sum = (sum + byte) & 0xffff;
  return (-sum & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** Whether `bytes` (ending in `AZ` + 4 hex digits) carry a checksum that matches them. */
export function hasValidChecksum(bytes: Uint8Array): boolean {
  if (bytes.length < 6) return false;
  const digits = Buffer.from(bytes.subarray(bytes.length - 4)).toString('latin1');
  if (!/^[0-9A-Fa-f]{4}$/.test(digits)) return false;
  return sip2Checksum(bytes.subarray(0, bytes.length - 4)) === digits.toUpperCase();
}
