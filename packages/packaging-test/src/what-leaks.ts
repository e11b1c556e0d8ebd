import { escapeRegExp } from '@ils-auth/test-support';
import { expect } from 'vitest';

/** The emulators' seeded patrons, as the installed `@ils-auth/emulator` exports them. */
export interface EmulatorSeeds {
  sierraPatrons: readonly { pin: string }[];
  overdrivePatrons: readonly { pin?: string }[];
  reroPatrons: readonly { password: string }[];
}

/** Every test PIN and password of the emulators: what no example may print or send to a browser. */
export function testCredentials(seeds: EmulatorSeeds): string[] {
  return [
    ...seeds.sierraPatrons.map((patron) => patron.pin),
    ...seeds.overdrivePatrons.flatMap((patron) => (patron.pin === undefined ? [] : [patron.pin])),
    ...seeds.reroPatrons.map((patron) => patron.password),
  ];
}

/**
 * A core session id: 32 random bytes in base64url, 43 characters. Nothing else an example shows a person is
 * that long a run of those characters, so any such run is taken for a leaked session id (or token).
 */
const SESSION_ID = /[A-Za-z0-9_-]{43}/;

/** Asserts that `text` (a console, a page) holds no test PIN or password and no session id. */
export function expectNoSecrets(text: string, where: string, credentials: readonly string[]): void {
  for (const credential of credentials) {
    // On its own: `1234` inside a port (`:41234`) or a card number is not the PIN.
    const alone = new RegExp(`(?<![\\w:./-])${escapeRegExp(credential)}(?![\\w-])`);
    expect(alone.test(text), `${where} shows the test credential ${credential}`).toBe(false);
  }
  expect(SESSION_ID.exec(text)?.[0], `${where} shows what looks like a session id`).toBeUndefined();
}

/**
 * The pages an example's console links to on its own server (`url`): each absolute URL with a path, and the
 * method its line names (`POST … to http://…/login`), GET otherwise. A bare origin is an address, not a page.
 */
export function printedLinks(printed: string, url: string): { method: 'GET' | 'POST'; link: string }[] {
  const links: { method: 'GET' | 'POST'; link: string }[] = [];
  for (const line of printed.split('\n')) {
    const pattern = new RegExp(`${escapeRegExp(url)}(/[^\\s'"\`),]*)`, 'g');
    for (const match of line.matchAll(pattern)) {
      const link = `${url}${match[1]!.replace(/[.,;:]+$/, '')}`;
      links.push({ method: /\bPOST\b/.test(line.slice(0, match.index)) ? 'POST' : 'GET', link });
    }
  }
  return links;
}
