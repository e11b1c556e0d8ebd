/** One `field == value` condition of a CQL query. */
export interface CqlTerm {
  field: string;
  value: string;
}

const TERM = /^\(?\s*([A-Za-z][\w.]*)\s*==?\s*(?:"((?:[^"\\]|\\.)*)"|([^\s()"]+))\s*\)?$/;

/**
 * The part of CQL that patron look-ups use (VuFind's `username == "…"`, `barcode == "…"`, `id == "…"`,
 * joined with `and`); undefined for anything else, which the emulator refuses rather than guesses at.
 */
export function parseCql(query: string): CqlTerm[] | undefined {
  const trimmed = query.trim().replace(/^\((.*)\)$/s, '$1');
  if (trimmed === '') return undefined;
  const terms: CqlTerm[] = [];
  for (const part of trimmed.split(/\s+and\s+/i)) {
    const match = TERM.exec(part.trim());
    if (!match?.[1]) return undefined;
    const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : (match[3] ?? '');
    terms.push({ field: match[1], value });
  }
  return terms;
}

/** Whether a record's fields (read by dotted path) equal every term. */
export function matchesCql(terms: readonly CqlTerm[], read: (field: string) => unknown): boolean {
  return terms.every(({ field, value }) => {
    const actual = read(field);
    return actual !== undefined && actual !== null && String(actual) === value;
  });
}
