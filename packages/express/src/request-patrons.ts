import type { Request } from 'express';
import type { Patron } from './patron.js';
import { assignPatrons } from './request-state.js';

export const NO_PATRONS: Readonly<Record<string, Patron>> = Object.freeze({});

/**
 * Sets `req.patrons` (by provider name) and `req.patron`, the first of them in the order the providers
 * are configured, so `req.patron` does not change with the order the patron signed in.
 */
export function setPatrons(req: Request, order: readonly string[], patrons: readonly Patron[]): void {
  if (patrons.length <= 1) {
    // Every request starts here; most carry one session or none.
    assignPatrons(req, patrons[0] ? patronsOfOne(patrons[0]) : NO_PATRONS, patrons[0]);
    return;
  }
  const sorted = [...patrons].sort((a, b) => order.indexOf(a.provider) - order.indexOf(b.provider));
  assignPatrons(
    req,
    Object.freeze(Object.fromEntries(sorted.map((patron) => [patron.provider, patron]))),
    sorted[0],
  );
}

/** `req.patrons` with one patron, made once per patron (frozen, so requests may share it). */
function patronsOfOne(patron: Patron): Readonly<Record<string, Patron>> {
  let patrons = patronsByPatron.get(patron);
  if (!patrons) {
    patrons = Object.freeze({ [patron.provider]: patron });
    patronsByPatron.set(patron, patrons);
  }
  return patrons;
}

const patronsByPatron = new WeakMap<Patron, Readonly<Record<string, Patron>>>();

/** Adds (or replaces) one provider's patron, after a sign-in. */
export function addPatron(req: Request, order: readonly string[], patron: Patron): void {
  const others = Object.values(req.patrons ?? {}).filter((other) => other.provider !== patron.provider);
  setPatrons(req, order, [...others, patron]);
}

/** Removes one provider's patron, or every one, after a sign-out. */
export function removePatrons(req: Request, order: readonly string[], provider?: string): void {
  const kept = Object.values(req.patrons ?? {}).filter(
    (patron) => provider !== undefined && patron.provider !== provider,
  );
  setPatrons(req, order, kept);
}
