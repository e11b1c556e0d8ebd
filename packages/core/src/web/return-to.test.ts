import { validateHeaderValue } from 'node:http';
import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it.each([
    '/',
    '/account',
    '/account?tab=loans&page=2',
    '/search?q=%2F%2Fevil.example',
    '/a/b#section',
    '/%2F%2Fevil.example',
    '/caf%C3%A9',
  ])('keeps the local path %j', (path) => {
    expect(safeReturnTo(path, '/fallback')).toBe(path);
  });

  it.each([
    '//evil.example',
    '//evil.example/',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/\\/evil.example',
    '/a\\b',
    'https://evil.example',
    'HTTPS://evil.example',
    'http:evil.example',
    'http:/evil.example',
    'javascript:alert(1)',
    'data:text/html,hi',
    'evil.example',
    'account',
    '',
    ' /account',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\u0000',
    '/\u007f',
    '/\u2028evil',
    `/${'a'.repeat(2048)}`,
  ])('refuses %j', (value) => {
    expect(safeReturnTo(value, '/fallback')).toBe('/fallback');
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, ['/a'], { path: '/a' }]) {
      expect(safeReturnTo(value, '/')).toBe('/');
    }
  });
});

describe('a returnTo outside ASCII', () => {
  it.each([
    ['/café', '/caf%C3%A9'],
    ['/konto/übersicht?tab=ausleihen', '/konto/%C3%BCbersicht?tab=ausleihen'],
    ['/書誌?q=東京#結果', '/%E6%9B%B8%E8%AA%8C?q=%E6%9D%B1%E4%BA%AC#%E7%B5%90%E6%9E%9C'],
    ['/a b', '/a%20b'],
    ['/emoji/📚', '/emoji/%F0%9F%93%9A'],
    ['/caf%C3%A9', '/caf%C3%A9'],
  ])('%j is kept as the ASCII header value %j, which Node accepts in Location', (path, ascii) => {
    const kept = safeReturnTo(path, '/fallback');
    expect(kept).toBe(ascii);
    expect(() => validateHeaderValue('location', kept)).not.toThrow();
    expect(decodeURI(kept)).toBe(decodeURI(path));
  });
});
