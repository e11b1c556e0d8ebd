import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { IlsAuthError, isIlsAuthError } from '../errors/ils-auth-error.js';

// The built CommonJS copy: what an ESM-only adapter in a CommonJS app loads beside the ESM copy.
const cjs = createRequire(import.meta.url)('../../dist/index.cjs') as typeof import('../index.js');

describe('IlsAuthError across copies of core', () => {
  it('is recognised by instanceof and isIlsAuthError whichever copy made it', () => {
    const fromCjs = new cjs.IlsAuthError('rate_limited', 'too many', { status: 429 });
    const fromHere = new IlsAuthError('state_mismatch', 'no');
    expect(cjs.IlsAuthError).not.toBe(IlsAuthError);
    expect(fromCjs instanceof IlsAuthError).toBe(true);
    expect(isIlsAuthError(fromCjs)).toBe(true);
    expect(fromHere instanceof cjs.IlsAuthError).toBe(true);
    expect(cjs.isIlsAuthError(fromHere)).toBe(true);
    expect(cjs.httpStatusFor(fromHere)).toBe(403);
  });

  it('is not fooled by look-alikes, and subclasses keep their own instanceof', () => {
    expect({ name: 'IlsAuthError', code: 'rate_limited' } instanceof IlsAuthError).toBe(false);
    expect(new Error('x') instanceof IlsAuthError).toBe(false);
    expect((null as unknown as object) instanceof IlsAuthError).toBe(false);
    class Special extends IlsAuthError {}
    expect(new Special('timeout', 't') instanceof Special).toBe(true);
    expect(new IlsAuthError('timeout', 't') instanceof Special).toBe(false);
    expect(new Special('timeout', 't') instanceof IlsAuthError).toBe(true);
  });
});
