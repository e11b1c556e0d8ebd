import { describe, expect, it } from 'vitest';
import { escapeHtml, html, page } from './html.js';

describe('html', () => {
  it('escapes every interpolated value, once', () => {
    const name = `<script>alert("x")</script> O'Hara & Co`;
    const inner = html`<b>${name}</b>`;
    expect(html`<p>${inner}</p>`.markup).toBe(
      '<p><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Hara &amp; Co</b></p>',
    );
    expect(html`${[name, 1, undefined, false, null]}`.markup).toBe(`${escapeHtml(name)}1`);
  });

  it('escapes the page title', () => {
    expect(page('<i>', html``)).toContain('<h1>&lt;i&gt;</h1>');
  });
});
