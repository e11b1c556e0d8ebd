import { IlsAuthError } from '@ils-auth/core';
import { safeReturnTo } from '@ils-auth/core/web';
import { type IlsAuthRequest, IlsAuthService } from '@ils-auth/nestjs';
import { Controller, Get, Header, Inject, NotFoundException, Param, Query, Req } from '@nestjs/common';
import { SIGN_IN_CHOICES, signInChoice, type TestCredential } from './demo-providers.js';
import { CATALOGUE_BIB_IDS, DEMO_CREDENTIALS } from './demo-tokens.js';
import { failureNotice } from './failure-notice.js';
import { html, page, type SafeHtml } from './html.js';
import { pinFormPage } from './pin-form.page.js';

interface Bib {
  id: string;
  title?: string;
  author?: string;
  publishYear?: number;
}

/** Every way to sign in, as links: a code flow starts at its login route, a PIN provider at our form. */
function signInChoices(): SafeHtml {
  return html`<ul class="choices">${SIGN_IN_CHOICES.map((choice) => {
    const href = choice.kind === 'code' ? `/auth/${choice.name}/login` : `/auth/${choice.name}/form`;
    return html`<li><a href="${href}" data-choice="${choice.name}"><strong>${choice.label}</strong><br>${choice.description}</a></li>`;
  })}</ul>`;
}

@Controller()
export class HomeController {
  // @Inject names the tokens: a type-only import (as biome's useImportType suggests) would lose the metadata.
  constructor(
    @Inject(IlsAuthService) private readonly ils: IlsAuthService,
    @Inject(DEMO_CREDENTIALS) private readonly credentials: TestCredential[],
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async home(@Req() req: IlsAuthRequest): Promise<string> {
    await this.ils.patron(req);
    const signedIn = Object.values(req.patrons ?? {});
    const accounts = this.credentials.map(
      (credential) =>
        html`<tr><td>${credential.choice}</td><td><code>${credential.login}</code></td><td>${
          credential.secret ? html`<code>${credential.secret}</code>` : '—'
        }</td><td>${credential.note}</td></tr>`,
    );
    return page(
      'Sign in to your library',
      html`${
        signedIn.length > 0
          ? html`<form method="post" action="/auth/logout"><p>You are signed in to ${signedIn.map((patron, index) => html`${index > 0 ? ', ' : ''}<strong>${signInChoice(patron.provider)?.label ?? patron.provider}</strong>`)}: <a href="/account">your account</a> · <button type="submit">Sign out of all</button></p></form>
<p>Sign in to another system too: the account page shows each of them.</p>`
          : ''
      }
${signInChoices()}
<h2>Test accounts</h2>
<p>The library systems here are emulators on this machine; these accounts are fake and public.</p>
<table><thead><tr><th>sign in with</th><th>card / e-mail</th><th>PIN / password</th><th></th></tr></thead><tbody>${accounts}</tbody></table>`,
    );
  }

  /**
   * The `failureRedirect` page: `?error=<code>&provider=<name>&returnTo=<path>`. A refused card + PIN gets
   * its form again with the reason above it; any other failure (a denied consent) the sign-in choices.
   */
  @Get('signin')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  signIn(
    @Query('error') error: unknown,
    @Query('provider') provider: unknown,
    @Query('returnTo') returnTo: unknown,
  ): string {
    const failure = {
      ...(typeof error === 'string' ? { error } : {}),
      returnTo: safeReturnTo(returnTo, '/account'),
    };
    const choice = typeof provider === 'string' ? signInChoice(provider) : undefined;
    if (choice?.kind === 'pin') return pinFormPage(choice, failure);
    return page('Sign in', html`${failureNotice(failure.error)}${signInChoices()}`);
  }

  /** An app-token call: the demo's one shared Sierra token, renewed (or replaced after a 401) by core. */
  @Get('catalogue')
  @Header('content-type', 'text/html; charset=utf-8')
  async catalogue(@Req() req: IlsAuthRequest): Promise<string> {
    const bibs = await Promise.all(CATALOGUE_BIB_IDS.map((id) => this.bib(id, req)));
    const rows = bibs.map(
      (bib) =>
        html`<tr data-bib="${bib.id}"><td>${bib.title ?? 'not found'}</td><td>${bib.author}</td><td>${bib.publishYear}</td></tr>`,
    );
    return page(
      'Catalogue',
      html`<p>Read from Sierra with the app's own token; no sign-in needed.</p>
<table><thead><tr><th>title</th><th>author</th><th>year</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }

  /** The same record as JSON: errors here are answered as JSON by the exception filter. */
  @Get('api/bibs/:id')
  async bibJson(@Param('id') id: string, @Req() req: IlsAuthRequest): Promise<Bib> {
    const bib = await this.bib(id, req);
    if (bib.title === undefined) throw new NotFoundException(`no bib record ${id}`);
    return bib;
  }

  private async bib(id: string, req: IlsAuthRequest): Promise<Bib> {
    const answer = await this.ils
      .client('sierra')
      .fetch(`bibs/${encodeURIComponent(id)}`, { forwardedFor: req.ip });
    if (answer.status === 404) return { id };
    if (!answer.ok) {
      throw new IlsAuthError('provider_error', `Sierra answered ${answer.status} for a catalogue record`, {
        retryable: answer.status >= 500,
      });
    }
    const body = (await answer.json()) as Bib;
    return { id, title: body.title, author: body.author, publishYear: body.publishYear };
  }
}
