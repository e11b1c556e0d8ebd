import type { ParsedValues } from './options.js';
import { stringOption } from './options.js';
import { UsageError } from './usage-error.js';

/** The HTTP request `--method`, `--data` and `--header` describe. */
export function requestInit(values: ParsedValues): RequestInit {
  const data = stringOption(values, 'data');
  const method = (stringOption(values, 'method') ?? (data === undefined ? 'GET' : 'POST')).toUpperCase();
  if (!/^[A-Z]{1,16}$/.test(method))
    throw new UsageError('--method: expected an HTTP method such as GET or POST');
  const headers = new Headers();
  const raw = values.header;
  for (const line of Array.isArray(raw) ? raw : []) {
    const match = typeof line === 'string' ? /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(line) : null;
    if (!match?.[1] || /[\r\n]/.test(match[2] ?? ''))
      throw new UsageError("--header: expected 'Name: value'");
    headers.append(match[1], match[2] ?? '');
  }
  if (data !== undefined) {
    try {
      JSON.parse(data);
    } catch {
      throw new UsageError('--data: not valid JSON');
    }
    if (method === 'GET' || method === 'HEAD') throw new UsageError(`--data cannot be sent with ${method}`);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return { method, headers, ...(data !== undefined ? { body: data } : {}) };
}
