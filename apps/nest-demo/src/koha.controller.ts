import { IlsAuthError } from '@ils-auth/core';
import { IlsAuthService } from '@ils-auth/nestjs';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { KOHA_PATRON_IDS } from './demo-tokens.js';
import { html, page } from './html.js';

/** The fields of Koha's patron record this page shows (`GET /api/v1/patrons/{patron_id}`). */
interface KohaPatronRecord {
  patron_id: number;
  cardnumber?: string;
  surname?: string;
  firstname?: string;
  library_id?: string;
  expiry_date?: string;
}

/**
 * Koha's REST API with the app's token: client credentials at `/api/v1/oauth/token`, the API key in the
 * form body, cached and renewed by core. Staff-side reads: no patron signs in to Koha here.
 */
@Controller('koha')
export class KohaController {
  constructor(
    @Inject(IlsAuthService) private readonly ils: IlsAuthService,
    @Inject(KOHA_PATRON_IDS) private readonly patronIds: number[],
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  async patrons(): Promise<string> {
    const records = await Promise.all(this.patronIds.map((id) => this.patron(id)));
    const rows = records.map(
      (record) =>
        html`<tr data-koha-patron="${String(record.patron_id)}"><td>${String(record.patron_id)}</td><td class="name">${record.surname}, ${record.firstname}</td><td>${record.cardnumber}</td><td>${record.library_id}</td><td>${record.expiry_date}</td></tr>`,
    );
    return page(
      'Koha patrons',
      html`<p>Read from Koha's <code>/api/v1/patrons/{id}</code> with the app's own token; no sign-in needed.</p>
<table id="koha-patrons"><thead><tr><th>patron id</th><th>name</th><th>card</th><th>library</th><th>card expires</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }

  private async patron(id: number): Promise<KohaPatronRecord> {
    const answer = await this.ils.client('koha').fetch(`patrons/${id}`);
    if (!answer.ok) {
      await answer.body?.cancel();
      throw new IlsAuthError('provider_error', `Koha answered ${answer.status} for a patron record`, {
        retryable: answer.status >= 500,
      });
    }
    return (await answer.json()) as KohaPatronRecord;
  }
}
