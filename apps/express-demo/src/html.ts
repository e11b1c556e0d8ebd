/** Every value that reaches a page goes through this: patron data comes from another system. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(text);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

export interface PageOptions {
  title: string;
  /** Who is signed in, for the header; undefined when nobody is. */
  signedInAs?: { name: string; via: string; logoutAction: string } | undefined;
  body: Html;
}

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1f4e79;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}header .who{margin-left:auto}header form{display:inline}
main{max-width:56rem;margin:1.5rem auto;padding:0 1.5rem}
section{background:#fff;border:1px solid #d8dde6;border-radius:6px;padding:1rem 1.25rem;margin:1rem 0}
table{border-collapse:collapse}td,th{border-bottom:1px solid #e3e6eb;padding:.3rem .8rem;text-align:left;vertical-align:top}
label{display:block;margin:.5rem 0}input{font:inherit;padding:.25rem .4rem}button{font:inherit;padding:.3rem .9rem;cursor:pointer}
.error{background:#fdecea;border-color:#e0a39c}code{background:#eef0f3;padding:0 .2rem}
`;

export function page(options: PageOptions): string {
  const who = options.signedInAs;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(options.title)} · Riverside Library portal</title><style>${STYLE}</style></head>
<body>
<header><strong>Riverside Library</strong>
<a href="/">Home</a><a href="/account">Account</a><a href="/catalogue">Catalogue</a><a href="/overdrive">My OverDrive</a><a href="/koha">Koha</a><a href="/passport/account">Passport</a>
<span class="who">${
    who
      ? `Signed in as <span id="who">${escapeHtml(who.name)}</span> (${escapeHtml(who.via)})
<form method="post" action="${escapeHtml(who.logoutAction)}"><button id="sign-out">Sign out</button></form>`
      : '<a href="/signin">Sign in</a>'
  }</span></header>
<main><h1>${escapeHtml(options.title)}</h1>
${options.body.text}
</main></body></html>`;
}
