/**
 * A library card number among the values to redact. Unlike other secrets it keeps a recognisable tail
 * (at most its last 4 digits), so support staff can still tell two patrons' errors apart.
 */
export interface CardNumber {
  readonly card: string;
}

/** A value that must not survive into an error: a secret, PIN, token or code, or a card number. */
export type SecretValue = string | CardNumber | undefined;

export function cardNumber(value: string | undefined): CardNumber | undefined {
  return value === undefined ? undefined : { card: value };
}

/**
 * Values shorter than this are not replaced, so a 1-digit PIN does not turn every "1" of a message into
 * "[redacted]" (and could not be told apart from other text anyway).
 */
const MIN_SECRET_LENGTH = 3;

/**
 * Credentials a provider may echo however they were sent, whatever we know of their values: the token of
 * an `Authorization` header, and the values of form or JSON fields that always hold a secret.
 */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/-]+=*/gi,
  /\b(password|pin|client_secret|refresh_token|access_token|id_token|code_verifier)(=)[^&\s"',;]+/gi,
  /"(password|pin|client_secret|refresh_token|access_token|id_token|code_verifier)("\s*:\s*)"[^"]*"/gi,
];

/**
 * Removes every known secret from a text that came from a provider, before it reaches an error.
 * Providers echo what they were sent: OverDrive's "Invalid Library Card: 123456.  Not a valid card."
 * carries the card number, and a broken proxy may echo a whole request. So each value is looked for in
 * every form it travels in (raw, URL-encoded, form-encoded, base64), and all forms are replaced in one
 * pass, longest first: a PIN that occurs inside the card number cannot split the card into pieces that
 * no longer match, and nothing replaced is scanned again.
 */
export function redact(text: string, secrets: readonly SecretValue[]): string {
  const replacements = new Map<string, string>();
  // Patterns with the length of what they stand for, so they take their place in the longest-first order.
  const alternatives: { source: string; length: number }[] = [];
  for (const secret of secrets) {
    if (secret === undefined) continue;
    const raw = typeof secret === 'string' ? secret : secret.card;
    if (raw.length < MIN_SECRET_LENGTH) continue;
    const replacement = typeof secret === 'string' ? '[redacted]' : maskCard(raw);
    for (const form of encodedForms(raw)) {
      if (replacements.has(form)) continue;
      replacements.set(form, replacement);
      alternatives.push({ source: escapeRegExp(form), length: form.length });
    }
    if (typeof secret !== 'string') {
      const grouped = anyGrouping(raw);
      // Before a literal form of the same length: the grouping pattern matches that form too.
      if (grouped) alternatives.push({ source: grouped.source, length: grouped.length + 0.5 });
    }
  }
  let result = text;
  if (alternatives.length > 0) {
    const longestFirst = alternatives.sort((a, b) => b.length - a.length).map((a) => a.source);
    const pattern = new RegExp(longestFirst.join('|'), 'gu');
    result = result.replace(pattern, (found) => replacements.get(found) ?? maskCard(cardCharacters(found)));
  }
  for (const credential of CREDENTIAL_PATTERNS) result = result.replace(credential, '$1$2[redacted]');
  return result;
}

/** The forms one value takes on the wire: raw, percent-encoded, form-encoded and base64 (plain and URL-safe). */
function encodedForms(raw: string): string[] {
  const base64 = Buffer.from(raw, 'utf8').toString('base64');
  const forms = [
    raw,
    encodeURIComponent(raw),
    new URLSearchParams({ v: raw }).toString().slice(2),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(raw, 'utf8').toString('base64url'),
  ];
  return forms.filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * Separators a card's characters may be grouped with when a provider echoes it (`2191 3000 0000 02`,
 * `2191-3000-…`, dots, slashes, a percent-encoded space): up to three characters that are neither letters
 * nor digits, or percent-encoded bytes, between any two of its characters.
 */
const CARD_SEPARATOR = '(?:[^\\p{L}\\p{N}]|%[0-9A-Fa-f]{2}){0,3}';

/**
 * Fewer characters than this are not looked for in other groupings: a short run of digits with separators
 * would match too much ordinary text (dates, amounts) to be worth it.
 */
const MIN_GROUPED_CARD_LENGTH = 6;

/**
 * A pattern for a card number in any grouping of its characters, however the patron typed it: its letters
 * and digits in order, with separators allowed between them. Undefined for a card too short to look for.
 */
function anyGrouping(card: string): { source: string; length: number } | undefined {
  const characters = [...cardCharacters(card)];
  if (characters.length < MIN_GROUPED_CARD_LENGTH) return undefined;
  const source = characters
    .map((c) => (/\p{L}/u.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c))
    .join(CARD_SEPARATOR);
  return { source, length: characters.length };
}

/** The letters and digits of a card number, without its grouping. */
function cardCharacters(text: string): string {
  return text.replace(/%[0-9A-Fa-f]{2}/g, '').replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The `id:secret` pairs a Basic header carries (RFC 6749 §2.3.1 form-encodes both parts first; Sierra
 * wants them raw), as values to redact: their base64 is what a provider echoing the header would show.
 */
export function clientCredentialPairs(clientId: string, clientSecret: string | undefined): string[] {
  if (clientSecret === undefined || clientSecret === '') return [];
  const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return [`${clientId}:${clientSecret}`, `${formEncode(clientId)}:${formEncode(clientSecret)}`];
}

/** A card number as at most its last 4 digits; a short card keeps fewer, so most of it stays hidden. */
export function maskCard(card: string): string {
  const shown = Math.min(4, Math.max(0, card.length - 8));
  return shown === 0 ? '[card]' : `[card …${card.slice(-shown)}]`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
