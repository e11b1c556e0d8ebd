/**
 * A SIP2 date, `YYYYMMDDZZZZHHMMSS`, from the UTC clock. The zone is dialect data: the standard's four
 * spaces ("local time") or `0000`, as The Palace Project's dialects send it
 * (ThePalaceProject/circulation `sip2/client.py` `now()`), both with the UTC clock.
 */
export function sip2Date(epochMs: number, zone: string): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${zone}${two(
    date.getUTCHours(),
  )}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`;
}
