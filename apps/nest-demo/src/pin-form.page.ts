import type { SignInChoice } from './demo-providers.js';
import { failureNotice } from './failure-notice.js';
import { html, page } from './html.js';

/**
 * Our own card + PIN form for a PIN provider. It posts to the route guarded by `IlsLoginGuard(name)`.
 * After a refusal it is shown again with the reason only: the PIN typed is never written back into the page.
 */
export function pinFormPage(
  choice: SignInChoice,
  failure: { error?: string; returnTo?: string } = {},
): string {
  return page(
    choice.label,
    html`<p>${choice.description}</p>
${failureNotice(failure.error)}
<form class="pin" method="post" action="/auth/${choice.name}/login">
  ${failure.returnTo ? html`<input type="hidden" name="returnTo" value="${failure.returnTo}">` : ''}
  <label for="barcode">${choice.loginLabel ?? 'Library card number'}</label>
  <input id="barcode" name="barcode" autocomplete="username" required>
  ${
    choice.asksPin
      ? html`<label for="pin">${choice.secretLabel ?? 'PIN'}</label>
  <input id="pin" name="pin" type="password" autocomplete="current-password" required>`
      : ''
  }
  <div><button type="submit">Sign in</button></div>
</form>
<p><a href="/">Other ways to sign in</a></p>`,
  );
}
