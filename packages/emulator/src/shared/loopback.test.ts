import { describe, expect, it } from 'vitest';
import { assertLoopbackHost, isRedirectUriAllowed } from './loopback.js';

describe('loopback rules', () => {
  it('accepts only loopback hosts to listen on', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost'])
      expect(() => assertLoopbackHost(host)).not.toThrow();
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.org'])
      expect(() => assertLoopbackHost(host)).toThrow(/loopback/);
  });

  it('allows any plain-http loopback redirect for clients without registered URIs', () => {
    expect(isRedirectUriAllowed(undefined, 'http://127.0.0.1:3000/cb')).toBe(true);
    expect(isRedirectUriAllowed([], 'http://localhost/cb?x=1')).toBe(true);
    expect(isRedirectUriAllowed(undefined, 'http://[::1]:8080/')).toBe(true);
    expect(isRedirectUriAllowed(undefined, 'https://127.0.0.1/cb')).toBe(false);
    expect(isRedirectUriAllowed(undefined, 'http://127.0.0.1.evil.example/cb')).toBe(false);
    expect(isRedirectUriAllowed(undefined, 'http://localhost/cb#frag')).toBe(false);
    expect(isRedirectUriAllowed(undefined, 'not a url')).toBe(false);
  });

  it('matches registered URIs exactly, and refuses control characters', () => {
    expect(isRedirectUriAllowed(['https://app.example/cb'], 'https://app.example/cb')).toBe(true);
    expect(isRedirectUriAllowed(['https://app.example/cb'], 'https://app.example/cb/')).toBe(false);
    expect(isRedirectUriAllowed(undefined, 'http://127.0.0.1/cb\r\nSet-Cookie: x=1')).toBe(false);
  });
});
