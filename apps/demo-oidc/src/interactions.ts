import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { DemoOidcPatron } from './demo-patron.js';
import { consentPage, loginPage } from './interaction-pages.js';

const ROUTE = /^\/interaction\/([\w-]{1,64})(?:\/(login|confirm))?$/;
const MAX_FORM_BYTES = 4096;

/** Whether a request is for the interaction pages (the rest is oidc-provider's). */
export function isInteractionRequest(req: IncomingMessage): boolean {
  return ROUTE.test(new URL(req.url ?? '/', 'http://x').pathname);
}

/**
 * The sign-in and consent pages oidc-provider sends the browser to. The interaction's uid is bound to a
 * cookie oidc-provider set when the authorization request arrived: `interactionDetails()` refuses a
 * request without it, so these forms cannot be posted from another browser.
 */
export async function handleInteraction(
  provider: Provider,
  patron: DemoOidcPatron,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const [, uid, action] = ROUTE.exec(new URL(req.url ?? '/', 'http://x').pathname) ?? [];
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return sendHtml(res, 400, 'This sign-in page belongs to another sign-in.');
  const client = await provider.Client.find(String(details.params.client_id));
  const clientName = String(client?.clientName ?? client?.clientId ?? 'An application');

  if (req.method === 'GET' && action === undefined) {
    if (details.prompt.name === 'login') return sendHtml(res, 200, loginPage(uid, clientName, false));
    return sendHtml(res, 200, consentPage(uid, clientName, requestedScopes(details.params.scope)));
  }
  if (req.method !== 'POST') return sendHtml(res, 405, 'Method not allowed');
  const form = await readForm(req);

  if (action === 'login') {
    if (!sameText(form.get('login'), patron.login) || !sameText(form.get('password'), patron.password))
      return sendHtml(res, 401, loginPage(uid, clientName, true));
    return provider.interactionFinished(req, res, { login: { accountId: patron.sub } });
  }

  if (form.get('decision') !== 'allow') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'the patron did not allow access',
    });
  }
  const accountId = details.session?.accountId;
  if (!accountId) return sendHtml(res, 400, 'Sign in first.');
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  if (!grant) return sendHtml(res, 400, 'This sign-in expired; start again.');
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function requestedScopes(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

/** Compares in constant time, so the response time does not tell how much of a password was right. */
function sameText(given: string | null, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > MAX_FORM_BYTES) break;
  }
  return new URLSearchParams(body.slice(0, MAX_FORM_BYTES));
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No form-action: Chromium applies it to the redirect that follows a post, and ours goes to the client.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(html);
}
