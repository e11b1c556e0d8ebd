const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Everything a client puts in a query string ends up in these pages, so all of it goes through here. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

export function hiddenInputs(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
}

/** A plain page: the emulators' forms are for tests and demos, not for looks. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)}</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
      label, input, button { display: block; margin: 0.4rem 0; }
      input[type=text], input[type=email], input[type=password] { width: 100%; padding: 0.4rem; }
      .error { color: #a00; font-weight: bold; }
      .buttons button { display: inline-block; margin-right: 0.5rem; }
    </style>
  </head>
  <body>
    ${body}
  </body>
</html>
`;
}
