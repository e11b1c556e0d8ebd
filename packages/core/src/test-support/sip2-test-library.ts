import type { Sip2Script } from './sip2-test-server.js';

/** A patron of the scripted library: what its 64 says about them. */
export interface TestSip2Patron {
  pin: string;
  name: string;
  /** 14 flag characters; default all spaces. */
  status?: string;
  /** More fields of the 64, in order (`BE`, `PA`, `BV`…). */
  fields?: readonly (readonly [string, string])[];
  /** Leave CQ out of the 64, as some servers do. */
  omitPasswordValidity?: boolean;
}

export const SIP2_LOGIN = { loginUserId: 'sip-user', loginPassword: 'sip-secret-pw', institution: 'MAIN' };

const DATE = '20260101    120000';

/**
 * A SIP2 library in a few lines, following the standard's shapes (and Koha's answers to an unknown card):
 * 93 must come first with the right account, then 99, 63, 23 and 35 are answered from `patrons`.
 */
export function testSip2Library(patrons: Readonly<Record<string, TestSip2Patron>>): Sip2Script {
  return (message, connection) => {
    const command = message.slice(0, 2);
    const loggedIn = connection.received.some((seen) => seen.startsWith('93'));
    if (command === '93') {
      const ok = message === `9300CN${SIP2_LOGIN.loginUserId}|CO${SIP2_LOGIN.loginPassword}|`;
      return `94${ok ? '1' : '0'}`;
    }
    if (!loggedIn) {
      connection.close();
      return undefined;
    }
    if (command === '99')
      return `98YYYYNN60000320260101    1200002.00AOMAIN|AMTest Library|BXYYYYYYYYYYYYYYYY|`;
    const fields = new Map<string, string>();
    for (const part of message.slice(message.indexOf('AO')).split('|'))
      if (part) fields.set(part.slice(0, 2), part.slice(2));
    const barcode = fields.get('AA') ?? '';
    const pin = fields.get('AD');
    const patron = patrons[barcode];
    if (command === '35') return `36Y${DATE}AOMAIN|AA${barcode}|`;
    if (command !== '63' && command !== '23') return undefined;
    const counts = command === '63' ? '0000'.repeat(6) : '';
    if (!patron)
      return `${command === '63' ? '64' : '24'}YYYY          000${DATE}${counts}AOMAIN|AA${barcode}|AE|BLN|AFInvalid cardnumber|`;
    const pinField =
      pin === undefined || (patron.omitPasswordValidity && command === '63')
        ? ''
        : `CQ${pin === patron.pin ? 'Y' : 'N'}|`;
    const extra = (patron.fields ?? []).map(([id, value]) => `${id}${value}|`).join('');
    return `${command === '63' ? '64' : '24'}${patron.status ?? ' '.repeat(14)}000${DATE}${counts}AOMAIN|AA${barcode}|AE${patron.name}|BLY|${pinField}${extra}`;
  };
}
