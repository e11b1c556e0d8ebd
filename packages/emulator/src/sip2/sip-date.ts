const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/**
 * A SIP2 date-time: 18 characters `YYYYMMDDZZZZHHMMSS`. The emulator writes the UTC clock; the four
 * zone characters are the flavour's habit (four spaces, or `0000`).
 */
export function sipDateTime(epochMs: number, zone: string): string {
  // Most answers of a busy second carry the same date: formatted once per second (and zone).
  const second = Math.floor(epochMs / 1000);
  if (second === lastDateTime.second && zone === lastDateTime.zone) return lastDateTime.text;
  const date = new Date(second * 1000);
  const text =
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `${zone}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  lastDateTime = { second, zone, text };
  return text;
}

let lastDateTime = { second: Number.NaN, zone: '', text: '' };

/** `YYYY-MM-DD` of `epochMs` in UTC (the seed's form, for the expiry check), formatted once per day. */
export function isoDate(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  if (day !== lastDay.day) lastDay = { day, text: new Date(day * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.text;
}

const DAY_MS = 86_400_000;
let lastDay = { day: Number.NaN, text: '' };

/** `YYYY-MM-DD` (the seed's form) to `YYYYMMDD` (the extension fields' form). */
export function compactDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}
