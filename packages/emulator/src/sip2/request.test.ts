import { describe, expect, it } from 'vitest';
import { encodeText } from './encoding.js';
import { MessageFramer } from './message-framer.js';
import { parseRequest } from './request.js';

const parse = (text: string) => parseRequest(Buffer.from(text, 'latin1'), 'utf-8');

describe('parseRequest', () => {
  it('reads the command, the fixed part and the fields, keeping every repeated field', () => {
    const request = parse('6300020261207    101010Y         AOCPL|AA123|AFone|AFtwo|AC|');
    expect(request?.command).toBe('63');
    expect(request?.fixed).toBe('00020261207    101010Y         ');
    expect(request?.fields.get('AF')).toEqual(['one', 'two']);
    expect(request?.fields.get('AC')).toEqual(['']);
    expect(request?.errorDetection).toBeUndefined();
  });

  it('keeps a | that no field id follows inside its value', () => {
    const request = parse('9300CNuser|CObad|pass word|x|CPMAIN|');
    expect(request?.fields.get('CO')).toEqual(['bad|pass word|x']);
    expect(request?.fields.get('CP')).toEqual(['MAIN']);
  });

  it('takes off and checks AY/AZ in every form clients send', () => {
    expect(parse('9300CNuser_id|COpassword|AY0AZF556')?.errorDetection).toEqual({
      sequence: '0',
      checksumValid: true,
    });
    expect(parse('9300CNuser_id|COpassword|AZF620')?.errorDetection).toEqual({
      sequence: undefined,
      checksumValid: true,
    });
    expect(parse('97AZFEF5')?.errorDetection).toEqual({ sequence: undefined, checksumValid: true });
    expect(parse('9300CNuser_id|COpassword|AY0AZF557')?.errorDetection?.checksumValid).toBe(false);
    expect(parse('9300CNuser_id|COpassword|AY0AZF556')?.fields.get('CO')).toEqual(['password']);
  });

  it('does not take the end of a value for a checksum', () => {
    const request = parse('2300020261207    101010AOCPL|AAXAZ1234');
    expect(request?.errorDetection).toBeUndefined();
    expect(request?.fields.get('AA')).toEqual(['XAZ1234']);
  });

  it('reads 20 000 repeated fields in linear time', () => {
    const started = performance.now();
    const request = parse(`9300${'AF|'.repeat(20_000)}`);
    expect(request?.fields.get('AF')).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('takes AZ for a tail only after AY and a digit, a |, or the command code', () => {
    const noDigit = parse('2300020261207    101010AOCPL|AAxAYxAZ1234');
    expect(noDigit?.errorDetection).toBeUndefined();
    expect(noDigit?.fields.get('AA')).toEqual(['xAYxAZ1234']);
    const afterPipe = parse('2300020261207    101010AOCPL|AAx|AZ0000');
    expect(afterPipe?.errorDetection).toEqual({ sequence: undefined, checksumValid: false });
    expect(afterPipe?.fields.get('AA')).toEqual(['x']);
    expect(parse('97AY9AZ0000')?.errorDetection?.sequence).toBe('9');
    expect(parse('AZ12')?.errorDetection).toBeUndefined();
  });

  it('ends a field at a | only where a field id follows, and takes off the one | that closes it', () => {
    const request = parse('9300CNa||COb|||CPc|AB');
    expect([...(request?.fields ?? [])]).toEqual([
      ['CN', ['a']],
      ['CO', ['b|']],
      ['CP', ['c']],
      ['AB', ['']],
    ]);
  });

  it('answers undefined for a message too short for its command', () => {
    expect(parse('63000')).toBeUndefined();
    expect(parse('9')).toBeUndefined();
  });

  it('decodes in the configured encoding', () => {
    const bytes = encodeText('9300CNŒuvre|COpé|', 'windows-1252');
    expect(parseRequest(bytes, 'windows-1252')?.fields.get('CN')).toEqual(['Œuvre']);
  });
});

describe('MessageFramer', () => {
  it('ends a message at CR, LF or CR LF, across chunks, and drops empty lines', () => {
    const framer = new MessageFramer(100);
    expect(framer.push(Buffer.from('99'))).toEqual([]);
    expect(framer.midMessage).toBe(true);
    const messages = framer.push(Buffer.from('0\r\n941\n\r35x\r'));
    expect(messages).toEqual([Buffer.from('990'), Buffer.from('941'), Buffer.from('35x')]);
    expect(framer.midMessage).toBe(false);
  });

  it('keeps a message that came in pieces apart from the chunks it came in', () => {
    const framer = new MessageFramer(100);
    const first = Buffer.from('6300');
    expect(framer.push(first)).toEqual([]);
    const second = Buffer.from('0AOx|\r9900');
    const [message] = framer.push(second) as Buffer[];
    first.fill(0x21);
    second.fill(0x21);
    expect(message?.toString('latin1')).toBe('63000AOx|');
  });

  it('reports an overflow instead of buffering without end', () => {
    const framer = new MessageFramer(10);
    expect(framer.push(Buffer.alloc(8, 'a'))).toEqual([]);
    expect(framer.push(Buffer.alloc(8, 'a'))).toBe('overflow');
    expect(new MessageFramer(4).push(Buffer.from('12345\r'))).toBe('overflow');
  });
});
