import type { PatronProfile } from '@ils-auth/core';
import type { DemoOidcServer } from '@ils-auth/demo-oidc';
import { appCredentialCalls, FIVE_SYSTEMS, friendlyError, LIBRARY_SSO_ROUTE } from '@ils-auth/demo-support';
import type { AllEmulators } from '@ils-auth/emulator';
import { type Patron, requirePatron, safeReturnTo } from '@ils-auth/express';
import { Router } from 'express';
import { fiveSystemPage } from './five-system-page.js';
import { type Html, html } from './html.js';
import { kohaPage } from './koha-page.js';
import { SIGN_IN_CHOICES } from './providers.js';
import { labelOf, send } from './send-page.js';
import { testCredentials } from './test-credentials.js';

const OVERDRIVE_ROUTES = new Set(['overdrive', 'overdrive-cardonly']);
/** Systems whose patron record this site reads with the application's credential, on the system's page. */
const APP_CREDENTIAL_ROUTES: ReadonlySet<string> = new Set(FIVE_SYSTEMS.map((system) => system.name));

/** The failureRedirect's `?error=` as a message above a form; nothing of it is echoed but the code's words. */
function failureNotice(code: unknown): Html | string {
  if (typeof code !== 'string' || code === '') return '';
  const friendly = friendlyError(code);
  return html`<section class="error" id="error" role="alert" data-code="${code}"><p><strong>${friendly.title}.</strong> ${friendly.text}</p></section>`;
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
export function demoPages(emulators: AllEmulators, oidc: DemoOidcServer): Router {
  const pages = Router();
  const credentials = testCredentials(emulators, oidc);

  pages.get('/', (req, res) => {
    send(
      req,
      res,
      'Welcome',
      html`<section><p>A small patron portal built with Express 5 and
<code>@ils-auth/express</code> (and one <code>@ils-auth/passport</code> route), talking to emulated Sierra,
OverDrive, RERO ILS, Koha, SIP2, FOLIO, Polaris, Symphony, Alma and Evergreen systems that run inside this
process.</p></section>
<section><h2>Sign in</h2>${signInChoices('/account')}</section>
<section><h2>Test patrons</h2><p>Public, fake data from the emulators' seeds.</p>
<table id="test-patrons"><tr><th>System</th><th>Card number / email</th><th>PIN / password</th><th>Name</th><th>Note</th></tr>
${credentials.map(
  (entry) =>
    html`<tr><td>${entry.system}</td><td><code>${entry.login}</code></td><td>${entry.secret === undefined ? html`<em>none</em>` : html`<code>${entry.secret}</code>`}</td><td>${entry.name}</td><td>${entry.note}</td></tr>`,
)}</table></section>`,
    );
  });

  // Also the router's failureRedirect: `?error=<code>&provider=<name>&returnTo=`. A failed card + PIN
  // goes back to its own form, with the reason above it.
  pages.get('/signin', (req, res) => {
    const returnTo = safeReturnTo(req.query.returnTo, '/account');
    const failed = SIGN_IN_CHOICES.find((choice) => choice.name === req.query.provider);
    if (failed?.form && typeof req.query.error === 'string') {
      const query = new URLSearchParams({ error: req.query.error, returnTo });
      res.redirect(303, `${failed.form}?${query}`);
      return;
    }
    send(
      req,
      res,
      'Sign in',
      html`${failureNotice(req.query.error)}<section>${signInChoices(returnTo)}</section>`,
    );
  });

  // Our own forms for the PIN providers; they post to the ilsAuth router's PIN routes.
  for (const choice of SIGN_IN_CHOICES) {
    if (!choice.form) continue;
    const secret: string | undefined = choice.secret;
    const login = 'loginLabel' in choice ? choice.loginLabel : 'Card number';
    pages.get(choice.form, (req, res) => {
      const returnTo = safeReturnTo(req.query.returnTo, '/account');
      send(
        req,
        res,
        choice.label,
        html`${failureNotice(req.query.error)}<section><form method="post" action="/auth/${choice.name}/login" id="pin-form">
<input type="hidden" name="returnTo" value="${returnTo}">
<label>${login} <input name="barcode" id="barcode" autocomplete="username" required></label>
${secret ? html`<label>${secret} <input name="pin" id="pin" type="password" autocomplete="current-password" required></label>` : ''}
<button id="sign-in">Sign in</button></form></section>`,
      );
    });
  }

  // Every system this browser is signed in to, each read live with its own patron's session.
  pages.get(
    '/account',
    requirePatron({ loginUrl: '/signin' }, async (req, res, next) => {
      try {
        const patrons = Object.values(req.patrons);
        const sections = await Promise.all(
          patrons.map(async (patron) => {
            const path = liveRecordPath(patron, oidc);
            if (path === undefined) return patronSection(patron, undefined);
            const live = await req.ils.patronFetch(path, { provider: patron.provider });
            await live.arrayBuffer();
            return patronSection(patron, live.status);
          }),
        );
        const others = SIGN_IN_CHOICES.filter((choice) => !req.patrons[choice.name]);
        send(
          req,
          res,
          'Your account',
          html`<section><p>Signed in to <span id="signed-in-count">${patrons.length}</span> system(s) in this browser;
each keeps its own session. Signing in to one more adds it here.</p>
<form method="post" action="${req.ils.logoutUrl}"><button id="sign-out-all">Sign out of all</button></form></section>
${sections}
<section><h2>Also sign in to</h2><ul id="more-sign-ins">${others.map(
            (choice) =>
              html`<li><a href="${choice.form ?? `/auth/${choice.name}/login`}?returnTo=%2Faccount">${choice.label}</a></li>`,
          )}</ul></section>`,
        );
      } catch (error) {
        next(error);
      }
    }),
  );

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

  // A call as the signed-in OverDrive patron, with their own token, whoever else is signed in.
  pages.get('/overdrive', requirePatron({ loginUrl: '/signin/overdrive' }), async (req, res, next) => {
    try {
      const patron = Object.values(req.patrons ?? {}).find((entry) => OVERDRIVE_ROUTES.has(entry.provider));
      if (!patron || !req.ils) {
        send(
          req,
          res,
          'My OverDrive',
          html`<section id="not-overdrive"><p>You are not signed in to OverDrive.
<a href="/signin/overdrive?returnTo=%2Foverdrive">Sign in with OverDrive</a> or
<a href="/signin/overdrive-cardonly?returnTo=%2Foverdrive">with your card only</a> to see your OverDrive account;
you stay signed in to the others.</p></section>`,
        );
        return;
      }
      const answer = await req.ils.patronFetch('v1/patrons/me', { provider: patron.provider });
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

  pages.get('/koha', kohaPage(emulators.koha.patrons.map((patron) => patron.patron_id)));

  const calls = appCredentialCalls(emulators);
  for (const system of FIVE_SYSTEMS) pages.get(`/${system.name}`, fiveSystemPage(system, calls[system.name]));

  return pages;
}

/** One signed-in system on the account page, with its own sign-out. */
function patronSection(patron: Patron, liveStatus: number | undefined): Html {
  const read = APP_CREDENTIAL_ROUTES.has(patron.provider)
    ? html`Your record is the one this system sent when you signed in; <a href="/${patron.provider}">its page</a> makes a live call with the application's credential`
    : liveStatus === undefined
      ? html`Your record is the one your library's system sent when you signed in (it has no web API to read it again)`
      : html`Your record was read live just now: HTTP <span class="live-status">${liveStatus}</span>${
          patron.provider === 'rero' ? ' (RERO tokens are renewed by refresh while you use the site)' : ''
        }`;
  return html`<section class="patron" id="patron-${patron.provider}" data-provider="${patron.provider}">
<h2>${labelOf(patron.provider)}</h2>
<p>${read}; this session ends <span class="session-ends">${new Date(patron.expiresAt).toISOString()}</span>.</p>
${profileTable(patron.profile)}
<form method="post" action="/auth/${patron.provider}/logout"><button class="sign-out-one">Sign out of ${labelOf(patron.provider)}</button></form></section>`;
}

/**
 * The patron's own record, by route name: Sierra and Koha by record id, OverDrive and RERO by "me", the OpenID
 * server by its UserInfo endpoint (an absolute URL, read with the patron's access token); none for SIP2.
 */
function liveRecordPath(patron: Patron, oidc: DemoOidcServer): string | undefined {
  // SIP2 is a socket protocol: there is no record to read over HTTP. The five systems without OAuth give the
  // patron no token of their own: their pages read with the application's credential instead.
  if (patron.provider === 'sip2' || APP_CREDENTIAL_ROUTES.has(patron.provider)) return undefined;
  if (OVERDRIVE_ROUTES.has(patron.provider)) return 'v1/patrons/me';
  if (patron.provider === 'rero') return 'api/patrons/info';
  if (patron.provider === LIBRARY_SSO_ROUTE) return oidc.userinfoUrl;
  return `patrons/${encodeURIComponent(patron.patronId ?? '')}?fields=names`;
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
