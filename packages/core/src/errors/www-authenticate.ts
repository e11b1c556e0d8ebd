export interface AuthChallenge {
  /** Lower-cased auth scheme: `bearer`, `basic`, … */
  scheme: string;
  /** Parameters with lower-cased names; values unquoted. */
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` header (RFC 9110 §11.6.1) into its challenges. Lenient on purpose: Sierra
 * sends `Bearer realm=sierra-api` with the realm unquoted, others quote it, and several challenges may share
 * one header separated by commas.
 */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  if (!header) return [];
  const challenges: AuthChallenge[] = [];
  // token68 or auth-params; a new challenge starts where a bare token is followed by a space and no "=".
  const pattern = /\s*,?\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]*))?/g;
  let current: AuthChallenge | undefined;
  for (const match of header.matchAll(pattern)) {
    const [, name, rawValue] = match;
    if (name === undefined) continue;
    if (rawValue === undefined) {
      current = { scheme: name.toLowerCase(), params: {} };
      challenges.push(current);
      continue;
    }
    if (!current) continue;
    current.params[name.toLowerCase()] = unquote(rawValue);
  }
  return challenges;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return value;
}

export function findChallenge(header: string | null | undefined, scheme: string): AuthChallenge | undefined {
  return parseWwwAuthenticate(header).find((challenge) => challenge.scheme === scheme.toLowerCase());
}
