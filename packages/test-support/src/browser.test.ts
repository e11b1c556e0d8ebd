import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './browser.js';
import { type LoopbackServer, listenOnLoopback } from './listen-on-loopback.js';

// A site that sets, scopes and clears cookies as the apps under test do, and echoes what it was sent.
let site: LoopbackServer;

beforeAll(async () => {
  site = await listenOnLoopback(
    createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const echo = () => res.end(JSON.stringify({ cookie: req.headers.cookie ?? '', method: req.method }));
      switch (url.pathname) {
        case '/set':
          res.setHeader('set-cookie', [
            'session=s1; Path=/; HttpOnly; SameSite=Lax',
            'tx=t1; Path=/auth/callback',
            'short=x; Max-Age=1',
          ]);
          return echo();
        case '/clear':
          res.setHeader('set-cookie', [
            'session=; Path=/; Max-Age=0',
            'tx=gone; Path=/auth/callback; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
          ]);
          return echo();
        case '/see-other':
          res.writeHead(303, { location: '/auth/callback?from=303' }).end();
          return;
        case '/keep-method':
          res.writeHead(307, { location: '/echo' }).end();
          return;
        default:
          return echo();
      }
    }),
  );
});
afterAll(() => site.close());

const sent = async (browser: Browser, path: string) =>
  (JSON.parse((await browser.request(`${site.url}${path}`)).body) as { cookie: string }).cookie;

describe('the test browser', () => {
  it('sends a cookie only to the paths it was scoped to, the longest path first', async () => {
    const browser = new Browser();
    await browser.request(`${site.url}/set`);
    expect(await sent(browser, '/echo')).toBe('session=s1; short=x');
    expect(await sent(browser, '/auth/callback')).toBe('tx=t1; session=s1; short=x');
    expect(await sent(browser, '/auth/callbackish')).toBe('session=s1; short=x');
    expect(browser.cookie('session')?.attributes).toBe('Path=/; HttpOnly; SameSite=Lax');
  });

  it('drops what the server clears (Max-Age=0, a past Expires) and what has expired', async () => {
    const browser = new Browser();
    await browser.request(`${site.url}/set`);
    await browser.request(`${site.url}/clear`);
    expect([...browser.cookies.keys()]).toEqual(['short']);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(browser.cookies.size).toBe(0);
    expect(await sent(browser, '/auth/callback')).toBe('');
  });

  it('keeps cookies per host, not per port, as browsers do', async () => {
    const browser = new Browser();
    await browser.request(`${site.url}/set`);
    expect(browser.cookie('127.0.0.1', 'session')?.value).toBe('s1');
    expect(browser.cookie('localhost', 'session')).toBeUndefined();
    expect(await sent(browser, '/echo')).toContain('session=s1');
  });

  it('follows redirects as a browser does: GET after a 303, the method kept after a 307', async () => {
    const browser = new Browser();
    const landed = await browser.navigate(`${site.url}/see-other`, { method: 'POST', body: 'a=1' });
    expect(landed.url).toBe(`${site.url}/auth/callback?from=303`);
    expect(JSON.parse(landed.body)).toMatchObject({ method: 'GET' });
    const kept = await browser.navigate(`${site.url}/keep-method`, { method: 'POST', body: 'a=1' });
    expect(JSON.parse(kept.body)).toMatchObject({ method: 'POST' });
    const stopped = await browser.follow(`${site.url}/see-other`, {
      stop: (url) => url.pathname === '/auth/callback',
    });
    expect(stopped.status).toBe(303);
    expect(browser.history.map((hop) => hop.status)).toEqual([303, 200, 307, 200, 303]);
  });

  it('a copy holds the cookies as they were; `only` one of them; a seeded jar sends everywhere', async () => {
    const browser = new Browser();
    await browser.request(`${site.url}/set`);
    const copy = browser.copy();
    await browser.request(`${site.url}/clear`);
    expect(copy).toBeInstanceOf(Browser);
    expect(copy.get('session')).toBe('s1');
    expect([...copy.only('tx').cookies.keys()]).toEqual(['tx']);
    const everywhere = new Browser([['planted', 'p1']], { sendEverywhere: true });
    await everywhere.request(`${site.url}/set`);
    expect(await sent(everywhere, '/echo')).toBe('planted=p1; session=s1; tx=t1; short=x');
    expect((await everywhere.send(`${site.url}/echo`)).body).toContain('planted=p1');
  });

  it('plants a cookie for every host through `cookies`, which the site then replaces with its own', async () => {
    const victim = new Browser();
    victim.cookies.set('session', 'planted');
    expect(await sent(victim, '/echo')).toBe('session=planted');
    await victim.request(`${site.url}/set`);
    expect(victim.get('session')).toBe('s1');
    expect(await sent(victim, '/echo')).toBe('session=s1; short=x');
    victim.cookies.delete('short');
    expect(await sent(victim, '/echo')).toBe('session=s1');
  });

  it('reads a form: its action, hidden fields (empty when valueless) and fields with a value', () => {
    const page = `<form method="post" action="/login?next=%2F&amp;x=1"><input type="hidden" name="state" value="a&amp;b">
      <input type="hidden" name="empty"><input name="barcode" value="123"><input name="pin"></form>`;
    expect(readForm(page, 'http://127.0.0.1:1/start')).toEqual({
      action: 'http://127.0.0.1:1/login?next=%2F&x=1',
      fields: { state: 'a&b', empty: '', barcode: '123' },
    });
    expect(() => readForm('<p>no form</p>', 'http://127.0.0.1:1/')).toThrow(/no form/);
  });
});
