/** Sends one of the portal's pages, with the header saying who is signed in. */
import type { Request, Response } from 'express';
import { type Html, page } from './html.js';
import { SIGN_IN_CHOICES } from './providers.js';

export function labelOf(provider: string): string {
  return SIGN_IN_CHOICES.find((entry) => entry.name === provider)?.label ?? provider;
}

/** The header's "signed in as": the first patron, and how many systems this browser is signed in to. */
function signedInAs(req: Request) {
  const patron = req.patron;
  if (!patron || !req.ils) return undefined;
  const count = Object.keys(req.patrons ?? {}).length;
  return {
    name: patron.profile?.name ?? patron.patronId ?? 'patron',
    via: count > 1 ? `${labelOf(patron.provider)}, and ${count - 1} more` : labelOf(patron.provider),
    logoutAction: req.ils.logoutUrl,
  };
}

export function send(req: Request, res: Response, title: string, body: Html, status = 200): void {
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(page({ title, body, signedInAs: signedInAs(req) }));
}
