/**
 * The SIP2 checksum: the bytes of the message from its first character through the letters `AZ`, added
 * up, kept to 16 bits, negated (two's complement) and written as four upper-case hex digits. It is over
 * bytes, not characters, so the same text has another checksum in UTF-8 than in Windows-1252.
 */
export function sip2Checksum(bytes: Uint8Array): string {
  return (-byteSum(bytes) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
}

/** Whether `checksum` (four hex digits, any case) is right for the bytes through `AZ`. */
export function checksumMatches(bytesThroughAz: Uint8Array, checksum: string): boolean {
  return HEX4.test(checksum) && ((byteSum(bytesThroughAz) + Number.parseInt(checksum, 16)) & 0xffff) === 0;
}

const HEX4 = /^[0-9A-Fa-f]{4}$/;

function byteSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < bytes.length; index += 1) sum += bytes[index] as number;
  return sum & 0xffff;
}
