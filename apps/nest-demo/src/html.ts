/**
 * Server-rendered HTML without a template engine. Everything that comes from a patron record, a provider or
 * the request goes through `escapeHtml`: a name like `<script>` in a library's database must stay text.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** Markup already escaped: `html` template results nest without being escaped twice. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** Tagged template: literal parts are trusted markup, every interpolated value is escaped. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}

const STYLE = `
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1d2430;line-height:1.5}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:2px solid #2b5d8a;margin-bottom:1.5rem}
header a{color:#2b5d8a;text-decoration:none;font-weight:600}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.8rem}
.choices{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.8rem;padding:0;list-style:none}
.choices a{display:block;padding:.8rem;border:1px solid #b8c7d6;border-radius:.4rem;text-decoration:none;color:#1d2430}
.choices a:hover{background:#eef4fa}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #dde3ea;vertical-align:top}
th{width:11rem;color:#4a5868;font-weight:600}
form.pin label{display:block;margin:.6rem 0 .2rem}input{font-size:1rem;padding:.35rem;width:16rem}
button{font-size:1rem;padding:.4rem 1rem;margin-top:.8rem;cursor:pointer}
.error{background:#fdecec;border:1px solid #e0a3a3;padding:.6rem .9rem;border-radius:.4rem}
code{background:#f1f3f6;padding:0 .25rem;border-radius:.2rem}
`;

/** A whole page: the title is text, the body already-escaped markup. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Riverside Library (NestJS demo)</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<header><a href="/">Riverside Library</a><nav><a href="/catalogue">Catalogue</a> · <a href="/koha">Koha</a> · <a href="/account">My account</a></nav></header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`.markup;
}
