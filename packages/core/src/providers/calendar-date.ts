const LEADING_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

/**
 * A date of the patron record (birthdate, card expiry) as `YYYY-MM-DD`, the one format `PatronProfile`
 * uses: Sierra sends `2031-08-31`, RERO `2030-03-30T00:00:00`. The date is kept as the library wrote it
 * (no time-zone conversion: a card that expires on the 30th in the library's calendar stays the 30th).
 * Anything that does not start with a real calendar date is left out rather than passed on unchecked.
 */
export function calendarDate(value: string | undefined): string | undefined {
  const match = value === undefined ? null : LEADING_DATE.exec(value.trim());
  if (!match) return undefined;
  const [, year, month, day] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const iso = `${year}-${month}-${day}`;
  return date.toISOString().startsWith(iso) ? iso : undefined;
}
