/**
 * A form field by name, also nested as passport-local allows (`patron[barcode]` with extended body parsing).
 * Only own properties are read, so a field named `__proto__` or `constructor` finds nothing.
 */
export function readField(source: unknown, field: string): unknown {
  if (source === null || typeof source !== 'object') return undefined;
  const record = source as Record<string, unknown>;
  if (Object.hasOwn(record, field)) return record[field];
  const path = field.split(/[[\]]+/).filter(Boolean);
  if (path.length < 2) return undefined;
  let value: unknown = record;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}
