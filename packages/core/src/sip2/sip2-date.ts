/**
 * A SIP2 date, `YYYYMMDDZZZZHHMMSS`, from the UTC clock. The zone is dialect data: the standard's four
 * spaces ("local time") or `0000`, as The Palace Project's dialects send it
 * (ThePalaceProject/circulation `sip2/client.py` `now()`), both with the UTC clock.
 */
export function sip2Date(epochMs: number, zone: string): string {
  // Every message of a sign-in, and most sign-ins of a busy second, carry the same date: format it once.
  const second = Math.floor(epochMs / 1000);
  if (second === last.second && zone === last.zone) return last.text;
  const date = new Date(second * 1000);
  const two = (value: number) => String(value).padStart(2, '0');
  const text = `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${zone}${two(
    date.getUTCHours(),
  )}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`;
  last = { second, zone, text };
  return text;
}

let last = { second: Number.NaN, zone: '', text: '' };

/** The UTC calendar date of `epochMs`, `YYYY-MM-DD`; formatted once per day, as every sign-in asks. */
export function utcCalendarDate(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  if (day !== lastDay.day) lastDay = { day, text: new Date(day * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.text;
}

const DAY_MS = 86_400_000;
let lastDay = { day: Number.NaN, text: '' };
