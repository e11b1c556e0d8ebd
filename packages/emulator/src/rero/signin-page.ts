import { escapeHtml, hiddenInputs, htmlPage } from '../shared/html.js';

/** RERO ILS's sign-in form: email and password, `next` carried along. The password is never echoed. */
export function signinPage(next: string, failure?: { email: string }): string {
  const error = failure ? '<p class="error" role="alert">Invalid email or password.</p>' : '';
  return htmlPage(
    'Sign in - RERO ILS',
    `<h1>Sign in</h1>
    ${error}
    <form method="post" action="/signin">
      ${hiddenInputs({ next })}
      <label for="email">Email</label>
      <input type="email" id="email" name="email" autocomplete="username" required value="${escapeHtml(failure?.email ?? '')}">
      <label for="password">Password</label>
      <input type="password" id="password" name="password" autocomplete="current-password" required>
      <button type="submit" id="signin">Sign in</button>
    </form>`,
  );
}
