import { FIVE_SYSTEMS, LIBRARY_SSO_ROUTE } from '@ils-auth/demo-support';
import { type IlsAuthRequest, IlsAuthService, Patron, PatronGuard } from '@ils-auth/nestjs';
import { Controller, Get, Header, Inject, Req, UseGuards } from '@nestjs/common';
import { signInChoice } from './demo-providers.js';
import { OIDC_USERINFO_URL } from './demo-tokens.js';
import { html, page, type SafeHtml } from './html.js';

/** Where a provider keeps the signed-in patron's own record (read with the patron's token). */
const PATRON_RECORD_PATH: Readonly<Record<string, string>> = {
  rero: 'api/patrons/info',
  overdrive: 'v1/patrons/me',
  'overdrive-pinless': 'v1/patrons/me',
};

/** Systems that give the patron no token of their own: their pages read with the app's credential instead. */
const APP_CREDENTIAL_PAGES: ReadonlySet<string> = new Set(FIVE_SYSTEMS.map((system) => system.name));

/** `2026-11-23 19:56 UTC`: the server does not know the reader's time zone. */
function formatTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

@Controller('account')
@UseGuards(PatronGuard)
export class AccountController {
  constructor(
    @Inject(IlsAuthService) private readonly ils: IlsAuthService,
    @Inject(OIDC_USERINFO_URL) private readonly userinfoUrl: string,
  ) {}

  /**
   * Signed-in patrons only (`PatronGuard` answers 401 `session_expired` to everybody else): every system
   * this browser is signed in to (`req.patrons`), each with its own sign-out, and sign-out of all.
   */
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async account(@Patron() first: Patron, @Req() req: IlsAuthRequest): Promise<string> {
    const patrons = Object.values(req.patrons ?? { [first.provider]: first });
    const sections = await Promise.all(patrons.map((patron) => this.signedIn(patron, req)));
    return page(
      'Your account',
      html`<p class="welcome">Welcome, <strong data-testid="patron-name">${first.profile?.name ?? 'patron'}</strong>.</p>
<p>Signed in to ${patrons.length === 1 ? 'one system' : `${patrons.length} systems`}; <a href="/">sign in to another</a> to see it here too.</p>
${sections}
<h2>Sign out</h2>
<form method="post" action="/auth/logout"><button type="submit" id="sign-out-all">Sign out of all</button></form>
<form method="post" action="/auth/logout?everywhere=true"><button type="submit" id="sign-out-everywhere">Sign out on every device</button></form>`,
    );
  }

  /** One system's patron: the normalised profile, one call with the patron's own token, its own sign-out. */
  private async signedIn(patron: Patron, req: IlsAuthRequest): Promise<SafeHtml> {
    const profile = patron.profile;
    const row = (label: string, value: string | undefined): SafeHtml | string =>
      value === undefined || value === '' ? '' : html`<tr><th>${label}</th><td>${value}</td></tr>`;
    const institutions = profile?.institutions
      ?.map(
        (institution) => `${institution.code}${institution.patronType ? ` (${institution.patronType})` : ''}`,
      )
      .join('; ');
    const label = signInChoice(patron.provider)?.label ?? patron.provider;
    return html`<section class="signed-in" data-provider="${patron.provider}">
<h2>${label}</h2>
<table>
${row('Name', profile?.name)}
${row('Patron record', patron.patronId)}
${row('Card', profile?.barcode)}
${row('E-mail', profile?.email)}
${row('Born', profile?.birthdate)}
${row('Patron type', profile?.patronType)}
${row('Card expires', profile?.expiresAt)}
${row('Libraries', institutions)}
${row('Session ends', formatTime(patron.expiresAt))}
</table>
${await this.patronRecord(patron, req)}
<form method="post" action="/auth/${patron.provider}/logout"><button type="submit" class="sign-out-one">Sign out of ${label}</button></form>
</section>`;
  }

  /**
   * For providers that give the patron a token, one call with it on every visit: core refreshes an expired
   * RERO token (rotating the refresh token) without the patron noticing.
   */
  private async patronRecord(patron: Patron, req: IlsAuthRequest): Promise<SafeHtml | string> {
    // The OpenID server's UserInfo endpoint: an absolute URL on the provider's own origin.
    const path =
      patron.provider === LIBRARY_SSO_ROUTE ? this.userinfoUrl : PATRON_RECORD_PATH[patron.provider];
    if (APP_CREDENTIAL_PAGES.has(patron.provider))
      return html`<p class="record">Your record is the one this system sent when you signed in; <a href="/systems/${patron.provider}">its page</a> calls it with the app's own credential.</p>`;
    if (!path) return '';
    const answer = await this.ils.patronFetch(req, path, { provider: patron.provider });
    await answer.body?.cancel();
    return html`<p class="record" data-status="${answer.status}">Your record at the library, read with your own token: ${
      answer.ok ? 'available' : `refused (${answer.status})`
    }.</p>`;
  }
}
