import { describe, expect, it } from 'vitest';
import { normalizeClientIp } from './client-ip.js';
import { cookieNameFor, readCookie, serializeSetCookie } from './cookies.js';
import { normalizeBarcode } from './login-throttle.js';
import { publicOrigin } from './public-origin.js';
import { safeReturnTo } from './return-to.js';
import { assertSameOrigin } from './same-origin.js';
import type { WebRequest } from './web-request.js';

const request = (headers: Record<string, string>, secure = false): WebRequest => ({
  method: 'POST',
  url: '/auth/sierra/login',
  headers,
  secure,
});
const SITE = 'https://catalogue.example.org';
const refused = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'passed';
};

describe('assertSameOrigin (login CSRF)', () => {
  it('trusts Origin first, then Sec-Fetch-Site, then Referer, and passes requests from no browser', () => {
    const check = (headers: Record<string, string>) =>
      refused(() => assertSameOrigin(request(headers), SITE, ['https://app.example.org']));
    expect(check({ origin: SITE })).toBe('passed');
    expect(check({ origin: 'https://app.example.org' })).toBe('passed');
    expect(check({ origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' })).toBe(
      'cross_site_request',
    );
    expect(check({ origin: 'null' })).toBe('cross_site_request');
    expect(check({ 'sec-fetch-site': 'same-origin' })).toBe('passed');
    expect(check({ 'sec-fetch-site': 'none' })).toBe('passed');
    expect(check({ 'sec-fetch-site': 'same-site' })).toBe('cross_site_request');
    expect(check({ 'sec-fetch-site': 'cross-site', referer: `${SITE}/login` })).toBe('cross_site_request');
    expect(check({ referer: `${SITE}/login?x=1` })).toBe('passed');
    expect(check({ referer: 'https://catalogue.example.org.evil.example/' })).toBe('cross_site_request');
    expect(check({ referer: 'not a url' })).toBe('cross_site_request');
    expect(check({})).toBe('passed');
  });
});

describe('publicOrigin (Host validation)', () => {
  it('uses the configured origin whatever the Host says', () => {
    expect(publicOrigin(request({ host: 'evil.example' }), SITE)).toBe(SITE);
  });

  it('accepts well-formed hosts with the request scheme, and refuses the rest with a 400', () => {
    expect(publicOrigin(request({ host: 'Catalogue.Example.org:8443' }, true), undefined, 'any')).toBe(
      'https://catalogue.example.org:8443',
    );
    expect(publicOrigin(request({ host: '[::1]:3000' }), undefined)).toBe('http://[::1]:3000');
    for (const host of [
      'evil.com#',
      'a b',
      'evil.com/x',
      'user@evil.com',
      'evil.com:99999',
      '',
      'evil.com\\x',
      '-x.org',
    ])
      expect(
        refused(() => publicOrigin(request({ host }), undefined)),
        host,
      ).toBe('invalid_request');
    expect(refused(() => publicOrigin(request({}), undefined))).toBe('invalid_request');
  });

  it('trusts only loopback hosts when neither origin nor allowedHosts is configured', () => {
    for (const host of ['localhost:3000', '127.0.0.1:5999', '[::1]:8080', 'localhost'])
      expect(publicOrigin(request({ host }), undefined), host).toBe(`http://${host}`);
    for (const host of [
      'evil.example',
      'catalogue.example.org',
      'localhost.evil.example',
      '127.0.0.1.evil.example',
    ])
      expect(
        refused(() => publicOrigin(request({ host }), undefined)),
        host,
      ).toBe('invalid_request');
  });

  it('keeps to allowedHosts when they are given', () => {
    expect(publicOrigin(request({ host: 'localhost:3000' }), undefined, ['localhost:3000'])).toBe(
      'http://localhost:3000',
    );
    expect(
      refused(() => publicOrigin(request({ host: 'other.example' }), undefined, ['localhost:3000'])),
    ).toBe('invalid_request');
  });
});

describe('safeReturnTo (the open-redirect corpus)', () => {
  it('keeps local paths and refuses everything that could leave the site', () => {
    expect(safeReturnTo('/account?tab=loans#top', '/')).toBe('/account?tab=loans#top');
    for (const hostile of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      '/\n/evil.example',
      '/%0a/evil.example'.replace('%0a', '\u2028'),
      'evil.example',
      '',
      `/${'a'.repeat(3000)}`,
      42,
    ])
      expect(safeReturnTo(hostile, '/home'), String(hostile)).toBe('/home');
  });
});

describe('cookies', () => {
  it('prefixes Secure cookies: __Host- for the whole site, __Secure- for a path', () => {
    expect(cookieNameFor('ils_session', false, '/')).toBe('ils_session');
    expect(cookieNameFor('ils_session', true, '/')).toBe('__Host-ils_session');
    expect(cookieNameFor('ils_tx_rero', true, '/auth/rero/callback')).toBe('__Secure-ils_tx_rero');
  });

  it('serialises with HttpOnly and SameSite=Lax always, Secure when asked, and clears with Max-Age=0', () => {
    const base = {
      name: '__Host-ils_session',
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: true,
    } as const;
    expect(serializeSetCookie({ ...base, value: 'sierra.abc' })).toBe(
      '__Host-ils_session=sierra.abc; Path=/; HttpOnly; SameSite=Lax; Secure',
    );
    expect(serializeSetCookie({ ...base, value: '', maxAgeSeconds: 0 })).toContain(
      'Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
    expect(refused(() => serializeSetCookie({ ...base, value: 'a;b' }))).toBe('invalid_input');
  });

  it('reads the first usable cookie of a messy header', () => {
    expect(readCookie(' a=1;; ils_session="x.y" ; ils_session=z', 'ils_session')).toBe('x.y');
    expect(readCookie('ils_session=%E0%A4%A; ils_session=ok', 'ils_session')).toBe('ok');
    expect(readCookie(`ils_session=${'x'.repeat(20_000)}`, 'ils_session')).toBeUndefined();
    expect(readCookie(undefined, 'ils_session')).toBeUndefined();
  });

  it('reads a cookie as splitting the header into trimmed pairs would, whatever the spacing', () => {
    // The rule readCookie walks the header in place for, written the plain way.
    const bySplitting = (header: string, name: string) => {
      for (const pair of header.split(';')) {
        const equals = pair.indexOf('=');
        if (equals === -1 || pair.slice(0, equals).trim() !== name) continue;
        let value = pair.slice(equals + 1).trim();
        if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
        try {
          const decoded = value.includes('%') ? decodeURIComponent(value) : value;
          if (decoded) return decoded;
        } catch {}
      }
      return undefined;
    };
    const pieces = [
      'ils_session',
      'ils_sessionx',
      'xils_session',
      '=',
      ';',
      ' ',
      '\t',
      '\u00a0',
      '\ufeff',
      '\u2003',
      '"',
      'v',
      '%41',
      '%E0',
      'a=b',
      '',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 5_000; i++) {
      let header = '';
      for (let j = next() % 12; j > 0; j--) header += pieces[next() % pieces.length];
      expect(readCookie(header, 'ils_session'), JSON.stringify(header)).toBe(
        bySplitting(header, 'ils_session'),
      );
    }
  });
});

describe('what the throttle counts', () => {
  it('one card whatever its case, spaces or width; one client for an IPv4-mapped address', () => {
    const forms = [' LibCard42', 'libcard42', 'LIBCARD42 ', 'Lib Card 42', 'ＬｉｂＣａｒｄ４２'];
    expect(new Set(forms.map(normalizeBarcode))).toEqual(new Set(['libcard42']));
    expect(normalizeClientIp('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(normalizeClientIp('2001:DB8::1')).toBe('2001:db8::1');
    expect(normalizeClientIp('203.0.113.7, 10.0.0.1')).toBeUndefined();
    expect(normalizeClientIp(undefined)).toBeUndefined();
  });
});
