/**
 * `value` when it is a path on this site (`/account?tab=loans`), else undefined: never `//host`, `/\host`
 * (which browsers read as another site), a URL, or anything with a control character.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (
    typeof value === 'string' &&
    value.length <= 2048 &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.startsWith('/\\') &&
    ![...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)
  ) {
    return value;
  }
  return undefined;
}
