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
