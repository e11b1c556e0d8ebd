import type { SignInChoice } from './demo-providers.js';
import { html, page } from './html.js';

/**
 * Our own card + PIN form for a PIN provider. It posts to the route guarded by `IlsLoginGuard(name)`.
 * After a refusal it is shown again with the error only: the PIN typed is never written back into the page.
 */
export function pinFormPage(choice: SignInChoice, error?: string): string {
  return page(
    choice.label,
    html`<p>${choice.description}</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form class="pin" method="post" action="/auth/${choice.name}/login">
  <label for="barcode">Library card number</label>
  <input id="barcode" name="barcode" autocomplete="username" required>
  ${
    choice.asksPin
      ? html`<label for="pin">PIN</label>
  <input id="pin" name="pin" type="password" autocomplete="current-password" required>`
      : ''
  }
  <div><button type="submit">Sign in</button></div>
</form>
<p><a href="/">Other ways to sign in</a></p>`,
  );
}
