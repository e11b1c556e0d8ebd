/**
 * A percent-decoded path segment, or undefined when its encoding is malformed (`%E0%A4%A`): hostile
 * paths get the system's own "not found" answer instead of an exception.
 */
export function decodePathSegment(segment: string | undefined): string | undefined {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return undefined;
  }
}
