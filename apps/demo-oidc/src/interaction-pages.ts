function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// Inline CSS only: the pages run no script.
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}' +
  'h1{font-size:1.4rem}label{display:block;margin:.6rem 0}input{font:inherit;width:100%;padding:.3rem}' +
  'button{font:inherit;padding:.35rem 1rem;margin:.8rem .6rem 0 0}.error{background:#fdecea;padding:.5rem .8rem}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Library SSO</title>
<style>${STYLE}</style></head><body><p><strong>Library SSO</strong> (OpenID Connect, on this machine)</p>
<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** The sign-in form; after a refusal it says so, and never repeats what was typed. */
export function loginPage(uid: string, clientName: string, refused: boolean): string {
  return page(
    'Sign in',
    `<p>${escapeHtml(clientName)} asks you to sign in with your library account.</p>
${refused ? '<p class="error" id="error" role="alert">That e-mail and password do not match. Try again.</p>' : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" id="login-form">
<label>E-mail <input name="login" id="login" type="email" autocomplete="username" required></label>
<label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
<button id="sign-in">Sign in</button></form>`,
  );
}

/** Consent to share the requested scopes with the client. */
export function consentPage(uid: string, clientName: string, scopes: readonly string[]): string {
  return page(
    'Allow access?',
    `<p>${escapeHtml(clientName)} would like to read: <span id="scopes">${escapeHtml(scopes.join(', '))}</span>.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
<button name="decision" value="allow" id="allow">Allow</button>
<button name="decision" value="deny" id="deny">Deny</button></form>`,
  );
}

/** oidc-provider's errors (an unknown client, a redirect URI not registered, …): their codes are public. */
export function errorPage(error: string, description: string | undefined): string {
  return page(
    'Sign-in error',
    `<p class="error" id="error" data-error="${escapeHtml(error)}">${escapeHtml(description ?? error)}</p>`,
  );
}
