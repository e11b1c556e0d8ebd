import { type AppCredentialCalls, FIVE_SYSTEMS } from '@ils-auth/demo-support';
import { type IlsAuthRequest, IlsAuthService } from '@ils-auth/nestjs';
import { Controller, Get, Header, Inject, NotFoundException, Param, Req } from '@nestjs/common';
import { APP_CREDENTIAL_CALLS } from './demo-tokens.js';
import { html, page } from './html.js';

/**
 * `/systems/<name>`: FOLIO, Polaris, Symphony, Alma and Evergreen called with the app's own credential through
 * `IlsAuthService.client(name)` (core signs in as the staff or API user, signs the request or sends the key;
 * for Evergreen, core's `gatewayCall`), and the patron signed in to that system in this browser, if any.
 */
@Controller('systems')
export class FiveSystemsController {
  constructor(
    @Inject(IlsAuthService) private readonly ils: IlsAuthService,
    @Inject(APP_CREDENTIAL_CALLS) private readonly calls: AppCredentialCalls,
  ) {}

  @Get(':name')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async system(@Param('name') name: string, @Req() req: IlsAuthRequest): Promise<string> {
    const system = FIVE_SYSTEMS.find((entry) => entry.name === name);
    if (!system) throw new NotFoundException('no such system');
    const { request, result } = await this.calls[system.name](this.ils.client(system.name));
    await this.ils.patron(req);
    const patron = req.patrons?.[system.name];
    return page(
      system.label,
      html`<section id="app-call" data-system="${system.name}"><p>Called just now with the app's own credential:
<code data-testid="app-call-request">${request}</code></p>
<p>${system.label} answered: <strong data-testid="app-call-result">${result}</strong></p></section>
<section>${
        patron
          ? html`<p>Signed in to ${system.label} as <strong data-testid="system-patron">${patron.profile?.name ?? patron.patronId}</strong> (patron id <code>${patron.patronId}</code>).</p>`
          : html`<p>Not signed in to ${system.label}. <a href="/auth/${system.name}/form">Sign in with your card</a>.</p>`
      }</section>`,
    );
  }
}
