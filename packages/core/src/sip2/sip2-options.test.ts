import { describe, expect, it } from 'vitest';
import { sip2 } from '../providers/sip2.js';
import type { Sip2Options } from './sip2-options.js';

const BASE: Sip2Options = { host: '127.0.0.1', loginUserId: 'sc', loginPassword: 'sc-password' };

const configError = (options: unknown) => {
  try {
    sip2(options as Sip2Options);
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('no error');
};

describe('sip2() options', () => {
  it('names the option at fault, as config_invalid', () => {
    const cases: [unknown, string][] = [
      [{ ...BASE, colour: 'blue' }, '`colour` is not an option of sip2()'],
      [{ ...BASE, host: 'sip.library.example.org' }, 'PINs would cross the network in clear'],
      [{ ...BASE, dialect: 'ancient' }, '`dialect` must be one of generic, sip2-compliant'],
      [{ host: '127.0.0.1', loginUserId: 'sc' }, '`loginPassword` is required with the other'],
      [{ ...BASE, institution: 'MAIN|AD1234' }, '`institution` must not contain "|"'],
      [
        { ...BASE, encoding: 'windows-1252', loginPassword: 'pässwörd☃' },
        'has characters windows-1252 cannot carry',
      ],
      [{ ...BASE, tls: { cert: 'PEM' } }, '`tls.key` is required with the other'],
      [{ ...BASE, tls: { verify: false } }, '`tls.verify` is not a TLS option'],
      [{ ...BASE, poolSize: 0 }, '`poolSize` must be a whole number from 1 to 64'],
      [{ ...BASE, timeouts: { answerMs: -1 } }, '`timeouts.answerMs` must be a whole number'],
      [{ ...BASE, timeouts: { idleMs: 5 } }, '`timeouts.idleMs` is not a timeout of sip2()'],
      [{ ...BASE, refuseSignIn: ['card_stolen'] }, '`refuseSignIn` has an unknown entry'],
      [{ ...BASE, unconfirmedPin: 'allow' }, '`unconfirmedPin` must be "refuse" or "patron-status"'],
    ];
    for (const [options, message] of cases) {
      const error = configError(options);
      expect(error.code, message).toBe('config_invalid');
      expect(error.message).toContain(message);
      expect(error.message).not.toContain('sc-password');
    }
  });

  it('takes plain TCP to another host only when told, and TLS anywhere', () => {
    expect(sip2({ ...BASE, host: 'sip.library.example.org', allowInsecureTcp: true }).id).toBe('sip2');
    expect(sip2({ ...BASE, host: 'sip.library.example.org', tls: true }).endpoints.token).toBe(
      'sip2s://sip.library.example.org:6001',
    );
    expect(sip2({ ...BASE, id: 'branch-sip', displayName: 'Branch SIP' }).displayName).toBe('Branch SIP');
  });
});
