import { headerOf, type WebRequest } from './web-request.js';

/**
 * The caller wants a JSON answer, not a redirect: it sent JSON, or its `Accept` header ranks JSON above
 * HTML (`fetch()` with `Accept: application/json`). A browser's form post or page navigation sends
 * `Accept: text/html,…` and gets redirects; so does a client that states no preference.
 */
export function wantsJson(request: Pick<WebRequest, 'headers'>): boolean {
  const contentType = headerOf(request, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType === 'application/json' || contentType?.endsWith('+json')) return true;
  const accept = headerOf(request, 'accept');
  if (!accept) return false;
  return quality(accept, 'application/json') > quality(accept, 'text/html');
}

/** A browser navigating to a page (a GET or HEAD that does not prefer JSON): it gets redirects, not a 401. */
export function isPageRequest(request: Pick<WebRequest, 'method' | 'headers'>): boolean {
  return (request.method === 'GET' || request.method === 'HEAD') && !wantsJson(request);
}

/** The `q` the `Accept` header gives `type` (`type/*` and `*\/*` count, the most specific range wins). */
function quality(accept: string, type: string): number {
  const [major] = type.split('/');
  let best = { specificity: -1, q: 0 };
  for (const range of accept.split(',')) {
    const [name = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const specificity = name === type ? 2 : name === `${major}/*` ? 1 : name === '*/*' ? 0 : Number.NaN;
    if (Number.isNaN(specificity) || specificity < best.specificity) continue;
    const q = params.find((param) => param.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    best = { specificity, q: Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0 };
  }
  return best.q;
}
