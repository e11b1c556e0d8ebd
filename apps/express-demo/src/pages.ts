import type { PatronProfile } from '@ils-auth/core';
import type { AllEmulators } from '@ils-auth/emulator';
import { requirePatron, safeReturnTo } from '@ils-auth/express';
import { type Request, type Response, Router } from 'express';
import { type Html, html, page } from './html.js';
import { SIGN_IN_CHOICES } from './providers.js';
import { testCredentials } from './test-credentials.js';

const OVERDRIVE_ROUTES = new Set(['overdrive', 'overdrive-cardonly']);

/** The header's "signed in as", from the ilsAuth session. */
function signedInAs(req: Request) {
  const patron = req.patron;
  if (!patron || !req.ils) return undefined;
  const choice = SIGN_IN_CHOICES.find((entry) => entry.name === patron.provider);
  return {
    name: patron.profile?.name ?? patron.patronId ?? 'patron',
    via: choice?.label ?? patron.provider,
    logoutAction: req.ils.logoutUrl,
  };
}

function send(req: Request, res: Response, title: string, body: Html, status = 200): void {
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .type('html')
    .send(page({ title, body, signedInAs: signedInAs(req) }));
}

function signInChoices(returnTo: string): Html {
  const query = `?returnTo=${encodeURIComponent(returnTo)}`;
  return html`<ul id="sign-in-choices">${SIGN_IN_CHOICES.map(
    (choice) =>
      html`<li><a id="signin-${choice.name}" href="${choice.form ?? `/auth/${choice.name}/login`}${query}">${choice.label}</a></li>`,
  )}
<li><a id="signin-passport" href="/passport/sierra-pin${query}">Passport (SierraPinStrategy + express-session): card number + PIN</a></li></ul>`;
}

/** The portal's own pages; the ilsAuth router must be mounted before them. */
export function demoPages(emulators: AllEmulators): Router {
  const pages = Router();
  const credentials = testCredentials(emulators);

  pages.get('/', (req, res) => {
    send(
      req,
      res,
      'Welcome',
      html`<section><p>A small patron portal built with Express 5 and
<code>@ils-auth/express</code> (and one <code>@ils-auth/passport</code> route), talking to emulated Sierra,
OverDrive and RERO ILS systems that run inside this process.</p></section>
<section><h2>Sign in</h2>${signInChoices('/account')}</section>
<section><h2>Test patrons</h2><p>Public, fake data from the emulators' seeds.</p>
<table id="test-patrons"><tr><th>System</th><th>Card number / email</th><th>PIN / password</th><th>Name</th><th>Note</th></tr>
${credentials.map(
  (entry) =>
    html`<tr><td>${entry.system}</td><td><code>${entry.login}</code></td><td>${entry.secret === undefined ? html`<em>none</em>` : html`<code>${entry.secret}</code>`}</td><td>${entry.name}</td><td>${entry.note}</td></tr>`,
)}</table></section>`,
    );
  });

  pages.get('/signin', (req, res) => {
    send(
      req,
      res,
      'Sign in',
      html`<section>${signInChoices(safeReturnTo(req.query.returnTo, '/account'))}</section>`,
    );
  });

  // Our own forms for the PIN providers; they post to the ilsAuth router's PIN routes.
  for (const choice of SIGN_IN_CHOICES) {
    if (!choice.form) continue;
    const withPin = choice.name !== 'overdrive-cardonly';
    pages.get(choice.form, (req, res) => {
      const returnTo = safeReturnTo(req.query.returnTo, '/account');
      send(
        req,
        res,
        choice.label,
        html`<section><form method="post" action="/auth/${choice.name}/login" id="pin-form">
<input type="hidden" name="returnTo" value="${returnTo}">
<label>Card number <input name="barcode" id="barcode" autocomplete="username" required></label>
${withPin ? html`<label>PIN <input name="pin" id="pin" type="password" autocomplete="current-password" required></label>` : ''}
<button id="sign-in">Sign in</button></form></section>`,
      );
    });
  }

  pages.get('/account', requirePatron({ loginUrl: '/signin' }), async (req, res, next) => {
    try {
      const patron = req.patron;
      if (!patron || !req.ils) throw new Error('the ilsAuth router is not mounted');
      // A live call as the patron: RERO's token is renewed here by refresh when it has expired.
      const live = await req.ils.patronFetch(liveRecordPath(patron.provider, patron.patronId));
      await live.arrayBuffer();
      send(
        req,
        res,
        'Your account',
        html`<section><p>Signed in with <strong id="signed-in-with">${patron.provider}</strong>; the session ends
<span id="session-ends">${new Date(patron.expiresAt).toISOString()}</span>. Your record was read live from the library
just now: HTTP <span id="live-status">${live.status}</span>${
          patron.provider === 'rero' ? ' (RERO tokens are renewed by refresh while you use the site)' : ''
        }.</p></section>
<section><h2>Your profile</h2>${profileTable(patron.profile)}</section>
<section><h2>Sign out</h2><form method="post" action="${req.ils.logoutUrl}"><button>Sign out</button></form></section>`,
      );
    } catch (error) {
      next(error);
    }
  });

  // App-token calls: one shared, cached Sierra token, renewed by core when Sierra forgets it.
  pages.get('/catalogue', async (req, res, next) => {
    try {
      const client = req.ils?.client('sierra');
      if (!client) throw new Error('the ilsAuth router is not mounted');
      const rows = await Promise.all(
        emulators.sierra.bibs.map(async (bib) => {
          const answer = await client.fetch(`bibs/${encodeURIComponent(bib.id)}`);
          if (!answer.ok)
            return html`<tr><td>${bib.id}</td><td colspan="3">Sierra answered ${answer.status}</td></tr>`;
          const record = (await answer.json()) as {
            id?: string;
            title?: string;
            author?: string;
            publishYear?: number;
          };
          return html`<tr class="bib"><td>${record.id}</td><td class="title">${record.title}</td><td>${record.author}</td><td>${record.publishYear}</td></tr>`;
        }),
      );
      send(
        req,
        res,
        'Catalogue',
        html`<section><p>Read from Sierra with the application's token (no sign-in needed).</p>
<table id="bibs"><tr><th>Record</th><th>Title</th><th>Author</th><th>Year</th></tr>${rows}</table></section>`,
      );
    } catch (error) {
      next(error);
    }
  });

  // A call as the signed-in OverDrive patron, with their own token.
  pages.get('/overdrive', requirePatron({ loginUrl: '/signin/overdrive' }), async (req, res, next) => {
    try {
      if (!req.patron || !OVERDRIVE_ROUTES.has(req.patron.provider)) {
        send(
          req,
          res,
          'My OverDrive',
          html`<section id="not-overdrive"><p>You are signed in with ${req.patron?.provider}, not OverDrive.
<a href="/signin/overdrive?returnTo=%2Foverdrive">Sign in with OverDrive</a> or
<a href="/signin/overdrive-cardonly?returnTo=%2Foverdrive">with your card only</a> to see your OverDrive account.</p></section>`,
        );
        return;
      }
      const answer = await req.ils?.patronFetch('v1/patrons/me');
      if (!answer) throw new Error('the ilsAuth router is not mounted');
      const body = (await answer.json()) as Record<string, unknown>;
      const fields = Object.entries(body).filter(([, value]) => value === null || typeof value !== 'object');
      send(
        req,
        res,
        'My OverDrive',
        html`<section><p>From OverDrive's <code>/v1/patrons/me</code> with your patron token (HTTP <span id="status">${answer.status}</span>).</p>
<table id="overdrive-patron">${fields.map(([key, value]) => html`<tr><th>${key}</th><td>${String(value)}</td></tr>`)}</table></section>`,
      );
    } catch (error) {
      next(error);
    }
  });

  return pages;
}

/** The patron's own record, by route name: Sierra by record id, OverDrive and RERO by "me". */
function liveRecordPath(provider: string, patronId: string | undefined): string {
  if (OVERDRIVE_ROUTES.has(provider)) return 'v1/patrons/me';
  if (provider === 'rero') return 'api/patrons/info';
  return `patrons/${encodeURIComponent(patronId ?? '')}?fields=names`;
}

export function profileTable(profile: PatronProfile | undefined): Html {
  if (!profile) return html`<p>No profile.</p>`;
  const rows: [string, unknown][] = [
    ['Name', profile.name],
    ['Record id', profile.id],
    ['Card number', profile.barcode],
    ['Email', profile.email],
    ['Birth date', profile.birthdate],
    ['Card expires', profile.expiresAt],
    ['Patron type', profile.patronType],
    [
      'Libraries',
      profile.institutions
        ?.map((institution) =>
          [
            institution.code,
            institution.patronType,
            institution.expiresAt && `until ${institution.expiresAt}`,
          ]
            .filter(Boolean)
            .join(' '),
        )
        .join('; '),
    ],
    ['System', profile.provider],
  ];
  return html`<table id="profile">${rows
    .filter(([, value]) => value !== undefined && value !== '')
    .map(
      ([label, value]) => html`<tr><th>${label}</th><td data-field="${label}">${value}</td></tr>`,
    )}</table>`;
}
