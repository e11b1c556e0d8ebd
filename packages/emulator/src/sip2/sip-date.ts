const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * A SIP2 date-time: 18 characters `YYYYMMDDZZZZHHMMSS`. The emulator writes the UTC clock; the four
 * zone characters are the flavour's habit (four spaces, or `0000`).
 */
export function sipDateTime(epochMs: number, zone: string): string {
  const date = new Date(epochMs);
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${zone}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
  );
}

/** `YYYY-MM-DD` (the seed's form) to `YYYYMMDD` (the extension fields' form). */
export function compactDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}
