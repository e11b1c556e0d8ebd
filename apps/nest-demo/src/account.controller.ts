import { type IlsAuthRequest, IlsAuthService, Patron, PatronGuard } from '@ils-auth/nestjs';
import { Controller, Get, Header, Inject, Req, UseGuards } from '@nestjs/common';
import { OIDC_ROUTE, signInChoice } from './demo-providers.js';
import { OIDC_USERINFO_URL } from './demo-tokens.js';
import { html, page, type SafeHtml } from './html.js';

/** Where a provider keeps the signed-in patron's own record (read with the patron's token). */
const PATRON_RECORD_PATH: Readonly<Record<string, string>> = {
  rero: 'api/patrons/info',
  overdrive: 'v1/patrons/me',
  'overdrive-pinless': 'v1/patrons/me',
};

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

  /** Signed-in patrons only: `PatronGuard` answers 401 `session_expired` to everybody else. */
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async account(@Patron() patron: Patron, @Req() req: IlsAuthRequest): Promise<string> {
    const profile = patron.profile;
    const row = (label: string, value: string | undefined): SafeHtml | string =>
      value === undefined || value === '' ? '' : html`<tr><th>${label}</th><td>${value}</td></tr>`;
    const institutions = profile?.institutions
      ?.map(
        (institution) => `${institution.code}${institution.patronType ? ` (${institution.patronType})` : ''}`,
      )
      .join('; ');
    return page(
      'Your account',
      html`<p class="welcome">Welcome, <strong data-testid="patron-name">${profile?.name ?? 'patron'}</strong>.</p>
<table>
${row('Signed in with', signInChoice(patron.provider)?.label ?? patron.provider)}
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
<form method="post" action="/auth/logout"><button type="submit">Sign out</button></form>`,
    );
  }

  /**
   * For providers that give the patron a token, one call with it on every visit: core refreshes an expired
   * RERO token (rotating the refresh token) without the patron noticing.
   */
  private async patronRecord(patron: Patron, req: IlsAuthRequest): Promise<SafeHtml | string> {
    // The OpenID server's UserInfo endpoint: an absolute URL on the provider's own origin.
    const path = patron.provider === OIDC_ROUTE ? this.userinfoUrl : PATRON_RECORD_PATH[patron.provider];
    if (!path) return '';
    const answer = await this.ils.patronFetch(req, path);
    await answer.body?.cancel();
    return html`<p class="record" data-status="${answer.status}">Your record at the library, read with your own token: ${
      answer.ok ? 'available' : `refused (${answer.status})`
    }.</p>`;
  }
}
