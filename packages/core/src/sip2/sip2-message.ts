/**
 * One message as the server sent it: its two-digit command, its fixed-length part and its variable fields.
 * A field may repeat (AF screen messages, AS hold items), so each id maps to every value in order.
 */
export interface Sip2Message {
  readonly command: string;
  readonly fixed: string;
  readonly fields: ReadonlyMap<string, readonly string[]>;
}

/** The first value of a field, or undefined when the server did not send it. */
export function fieldOf(message: Sip2Message, id: string): string | undefined {
  return message.fields.get(id)?.[0];
}

/** The first non-empty value of the first of `ids` the server sent. */
export function firstFieldOf(message: Sip2Message, ids: readonly string[]): string | undefined {
  for (const id of ids) {
    const value = fieldOf(message, id)?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The responses core reads, and the length of each one's fixed part (SIP2 2.00 §"Messages"). */
export const RESPONSE_FIXED_LENGTHS: Readonly<Record<string, number>> = {
  // login response: ok flag.
  '94': 1,
  // ACS status: six Y/N flags, timeout (3), retries (3), date (18), protocol version (4).
  '98': 34,
  // patron status response: 14 flags, language (3), date (18).
  '24': 35,
  // patron information response: 14 flags, language (3), date (18), six 4-digit counts.
  '64': 59,
  // end session response: flag (1), date (18).
  '36': 19,
  // request SC resend: the server could not read our last message.
  '96': 0,
};
