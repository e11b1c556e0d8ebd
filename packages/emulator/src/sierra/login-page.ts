import { escapeHtml, hiddenInputs, htmlPage } from '../shared/html.js';

export interface LoginRequest {
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  responseType: string;
}

/**
 * The patron login form of Sierra's `/authorize`: barcode in field `code`, PIN in field `pin`, the
 * OAuth parameters carried along as hidden fields. The PIN is never written back into the page.
 */
export function loginPage(action: string, request: LoginRequest, failure?: { barcode: string }): string {
  const error = failure
    ? '<p class="error" role="alert">Sorry, the information you submitted was invalid. Please try again.</p>'
    : '';
  return htmlPage(
    'Library account login',
    `<h1>Log in to your library account</h1>
    ${error}
    <form method="post" action="${escapeHtml(action)}">
      ${hiddenInputs({
        client_id: request.clientId,
        redirect_uri: request.redirectUri,
        state: request.state,
        response_type: request.responseType,
      })}
      <label for="code">Library card number (barcode)</label>
      <input type="text" id="code" name="code" autocomplete="username" required value="${escapeHtml(failure?.barcode ?? '')}">
      <label for="pin">PIN</label>
      <input type="password" id="pin" name="pin" autocomplete="current-password" required>
      <button type="submit" id="submit">Log in</button>
    </form>`,
  );
}

/** Shown instead of a redirect when the client or its redirect URI cannot be trusted. */
export function authorizeErrorPage(message: string): string {
  return htmlPage(
    'Authorization error',
    `<h1>Authorization error</h1>
    <p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}
