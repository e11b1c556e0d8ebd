/** A date as Polaris's JSON writes most of them: `/Date(<epoch ms><offset>)/`, here in UTC. */
export function msJsonDate(isoDate: string): string {
  const ms = Date.parse(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  return `/Date(${ms}+0000)/`;
}
