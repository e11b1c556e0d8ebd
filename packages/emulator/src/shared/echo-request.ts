import { decodeBasicCredentials, parseAuthorization } from './authorization-header.js';
import type { RequestContext } from './request-context.js';

/**
 * What a careless server or proxy says back about a request: its `Authorization` header, its raw body,
 * and every field both decoded and percent-encoded (and a Basic header's decoded `id:secret`). Clients
 * must redact all of these forms from errors; the `echo` fault lets tests prove that they do.
 */
export async function describeRequest(ctx: RequestContext): Promise<string> {
  const parts: string[] = [];
  const authorization = ctx.header('authorization');
  if (authorization !== undefined) {
    parts.push(`Authorization: ${authorization}`);
    const parsed = parseAuthorization(authorization);
    const basic = parsed?.scheme === 'basic' ? decodeBasicCredentials(parsed.value) : undefined;
    if (basic) parts.push(`client ${basic.id}:${basic.secret}`);
  }
  const text = await ctx.text();
  if (text !== '') parts.push(`body: ${text}`);
  for (const [name, value] of fieldsOf(text, ctx.isJson())) {
    parts.push(`${name} is ${value} (${encodeURIComponent(value)})`);
  }
  return parts.join('; ');
}

function fieldsOf(text: string, isJson: boolean): [string, string][] {
  if (!isJson) return [...new URLSearchParams(text)];
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object') return [];
    return Object.entries(parsed).filter((field): field is [string, string] => typeof field[1] === 'string');
  } catch {
    return [];
  }
}
