/**
 * For tests of applications that sign patrons in through the emulators: these submit the emulators' own
 * sign-in pages over HTTP as a browser would (no browser needed) and return the callback URL, with its
 * `code` and `state`, that the provider redirected to. Hand it to your app's callback route or to
 * `handleCallback()`. (The emulator package's own Chromium test drives the same pages in a real browser.)
 */

/** RERO: authorize → /signin (sets the emulator's session cookie) → consent page (hidden fields incl. CSRF) → decision. */
export async function signInOnRero(
  authorizationUrl: string,
  email: string,
  password: string,
  consent: 'yes' | 'no' = 'yes',
): Promise<string> {
  const authorize = new URL(authorizationUrl);
  const first = await fetch(authorize, { redirect: 'manual' });
  const signinUrl = new URL(first.headers.get('location') ?? '', authorize);
  const signin = await fetch(new URL('/signin', authorize), {
    method: 'POST',
    body: new URLSearchParams({
      email,
      password,
      next: signinUrl.searchParams.get('next') ?? authorize.href,
    }),
    redirect: 'manual',
  });
  const cookie = signin.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error(`RERO signin answered ${signin.status} without a session cookie`);
  const page = await (await fetch(authorize, { headers: { cookie }, redirect: 'manual' })).text();
  const hidden = [...page.matchAll(/<input[^>]*type="hidden"[^>]*>/g)].map((m) => m[0]);
  const attribute = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1] ?? '';
  const decodeEntities = (value: string) =>
    value
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  const form = new URLSearchParams(
    hidden.map((tag): [string, string] => [attribute(tag, 'name'), decodeEntities(attribute(tag, 'value'))]),
  );
  if (!form.has('csrf_token') && ![...form.keys()].some((key) => /csrf/i.test(key))) {
    throw new Error('the RERO consent page has no CSRF field');
  }
  form.set('confirm', consent);
  const decision = await fetch(`${authorize.origin}${authorize.pathname}`, {
    method: 'POST',
    body: form,
    headers: { cookie },
    redirect: 'manual',
  });
  const location = decision.headers.get('location');
  if (decision.status !== 302 || !location) throw new Error(`RERO consent answered ${decision.status}`);
  return location;
}

/** Sierra's login page: the form posts the authorization parameters with `code` (barcode) and `pin`. */
export async function signInOnSierraPage(
  authorizationUrl: string,
  barcode: string,
  pin: string,
): Promise<string> {
  const url = new URL(authorizationUrl);
  const form = new URLSearchParams({ ...Object.fromEntries(url.searchParams), code: barcode, pin });
  const response = await fetch(`${url.origin}${url.pathname}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`Sierra login page answered ${response.status}`);
  return location;
}
