import { escapeHtml, hiddenInputs, htmlPage } from '../shared/html.js';
import type { ReroPatron } from './seed.js';

const SCOPE_LABELS: Record<string, string> = {
  fullname: 'your full name',
  birthdate: 'your date of birth',
  institution: 'the libraries you are registered with',
  expiration_date: 'when your registrations expire',
  patron_type: 'your patron types',
  patron_types: 'your patron types (legacy list)',
};

/** The consent page: what the client will see, and two buttons posting `confirm=yes` or `confirm=no`. */
export function consentPage(
  clientName: string,
  patron: ReroPatron,
  scopes: string[],
  fields: Record<string, string | undefined>,
): string {
  const items = ['your library card number', ...scopes.map((scope) => SCOPE_LABELS[scope] ?? scope)]
    .map((item) => `<li>${escapeHtml(item)}</li>`)
    .join('');
  return htmlPage(
    'Authorize application - RERO ILS',
    `<h1>Authorize ${escapeHtml(clientName)}</h1>
    <p>Signed in as ${escapeHtml(patron.email)}. <strong>${escapeHtml(clientName)}</strong> asks to read:</p>
    <ul>${items}</ul>
    <form method="post" action="/oauth/authorize">
      ${hiddenInputs(fields)}
      <div class="buttons">
        <button type="submit" id="accept" name="confirm" value="yes">Authorize</button>
        <button type="submit" id="deny" name="confirm" value="no">Deny</button>
      </div>
    </form>`,
  );
}

/** `/oauth/errors`: where an untrustworthy authorization request ends, instead of at the client. */
export function oauthErrorPage(error: string, description: string): string {
  return htmlPage(
    'Authorization error - RERO ILS',
    `<h1>Authorization error</h1>
    <p class="error" role="alert"><code>${escapeHtml(error)}</code>: ${escapeHtml(description)}</p>`,
  );
}

export function homePage(patron: ReroPatron | undefined): string {
  return htmlPage(
    'RERO ILS',
    patron ? `<p>Signed in as ${escapeHtml(patron.email)}.</p>` : '<p><a href="/signin">Sign in</a></p>',
  );
}
