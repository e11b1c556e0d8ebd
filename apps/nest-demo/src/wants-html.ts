import type { IlsAuthRequest } from '@ils-auth/nestjs';

/**
 * A browser's page navigation or form post names `text/html` in `Accept`; `fetch`, curl and API clients
 * (`*\/*`, `application/json`) get JSON. Read from the headers, so it works on Express and Fastify alike.
 */
export function wantsHtml(req: IlsAuthRequest): boolean {
  const contentType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType === 'application/json') return false;
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(req.headers.accept ?? '');
}
