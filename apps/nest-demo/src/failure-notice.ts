import { friendlyError } from '@ils-auth/demo-support';
import { html, type SafeHtml } from './html.js';

/**
 * The notice above a sign-in page after `failureRedirect` sent a patron back (`?error=<code>`): the words
 * for a code we know, generic words for any other: a made-up query string shows nothing of its own.
 */
export function failureNotice(code: string | undefined): SafeHtml | string {
  if (!code) return '';
  const friendly = friendlyError(code);
  return html`<p class="error" role="alert" data-error="${friendly.code}"><strong>${friendly.title}.</strong> ${friendly.text}</p>`;
}
