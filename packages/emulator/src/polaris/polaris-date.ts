// RFC 1123 in GMT, as .NET's "R" format and PHP's `D, d M Y H:i:s T` under GMT write it.
const RFC_1123 =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Why a request's date is refused, or undefined when it is fine. The skew is measured against real
 * time, not the emulator clock: a client stamps requests with its own clock, and a test that moves the
 * emulator clock forward (to expire a staff token) must not make every later signature stale.
 */
export function polarisDateProblem(date: string | undefined, maxSkewSeconds: number): string | undefined {
  if (date === undefined) return 'no PolarisDate header';
  if (!RFC_1123.test(date)) return 'PolarisDate is not an RFC 1123 GMT date';
  const skew = Math.abs(Date.parse(date) - Date.now()) / 1000;
  if (skew > maxSkewSeconds) return `PolarisDate is ${Math.round(skew)} s from the server's clock`;
  return undefined;
}
