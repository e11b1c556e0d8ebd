/** Small readers for mapping loosely typed provider records onto `PatronProfile`. */

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function firstString(value: unknown): string | undefined {
  if (Array.isArray(value))
    return value.find((item): item is string => typeof item === 'string' && item.length > 0);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An id as a string, from a string or a number (Sierra and OverDrive use both). */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length > 0) return value;
  return undefined;
}

/** Copies only the defined values, so profiles carry no `key: undefined` noise. */
export function compact<T extends object>(value: T): T {
  // A loop, not entries/filter/fromEntries: every sign-in maps a profile, and those make three arrays.
  const defined: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined && key !== '__proto__') defined[key] = field;
  }
  return defined as T;
}
