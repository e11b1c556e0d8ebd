/** The scopes RERO ILS knows (seed 004); each unlocks one part of the patron info. */
export const RERO_SCOPES = [
  'fullname',
  'birthdate',
  'institution',
  'expiration_date',
  'patron_type',
  'patron_types',
];

/** The scopes of a space-delimited string, or undefined when one is unknown. */
export function parseScopes(scope: string | null): string[] | undefined {
  const scopes = [...new Set((scope ?? '').split(/\s+/).filter(Boolean))];
  return scopes.every((name) => RERO_SCOPES.includes(name)) ? scopes : undefined;
}
