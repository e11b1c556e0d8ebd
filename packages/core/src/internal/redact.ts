/**
 * Removes every known secret value from a text that came from a provider, before it reaches an error.
 * Providers echo what they were sent: OverDrive's "Invalid Library Card: 123456.  Not a valid card."
 * carries the card number. Values shorter than 3 characters are not replaced, so a 1-digit PIN does not
 * turn every "1" of a message into "[redacted]" (and could not be told apart from other text anyway).
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 3) continue;
    result = result.split(secret).join('[redacted]');
  }
  return result;
}
