import { type IlsAuthEvent, onIlsAuthEvent } from '@ils-auth/core';
import { expect } from 'vitest';
import { CookieJar } from '../cookie-jar.js';
import type { PinSystem } from './pin-systems.js';
import type { Scenario } from './scenario.js';
import { pinSignIn } from './steps.js';

/**
 * No answer and no ils-auth event may carry the PIN, and no refusal or event the full card number: for a
 * wrong PIN, an accepted one, and an error from a provider that echoes what it was sent. (An accepted
 * sign-in may answer the patron's own profile, card number included.)
 */
export const pinRedaction = (system: PinSystem): Scenario => ({
  id: `${system.idPrefix}pin-redaction` as Scenario['id'],
  title: `no PIN or full card number in ${system.name} sign-in answers or ils-auth events`,
  async run({ harness, environment }) {
    const route = system.route(harness);
    const { first } = system.patrons;
    const wrongPin = `${system.wrongPin}-redaction`;
    const events: IlsAuthEvent[] = [];
    const stop = onIlsAuthEvent((event) => events.push(event));
    const accepted: string[] = [];
    const refused: string[] = [];
    const signIn = async (credentials: { barcode: string; pin: string }) => {
      const answer = await pinSignIn(harness, new CookieJar(), credentials, undefined, { route });
      (answer.status < 400 ? accepted : refused).push(answer.body, JSON.stringify(answer.headers));
      return answer.status;
    };
    let repair = () => {};
    try {
      expect(await signIn({ barcode: first.barcode, pin: wrongPin })).toBe(401);
      expect(await signIn(first)).toBeLessThan(400);
      repair = system.breakChecks(environment);
      expect(await signIn(first)).toBeGreaterThanOrEqual(400);
    } finally {
      stop();
      repair();
    }
    expect(events.length, 'events published during the sign-ins').toBeGreaterThan(0);
    const unprompted = [...refused, ...events.map((event) => JSON.stringify(event))].join('\n');
    const everything = [...accepted, unprompted].join('\n');
    for (const pin of [first.pin, wrongPin])
      expect.soft(everything.includes(pin), `the PIN "${pin}" was printed`).toBe(false);
    expect.soft(unprompted.includes(first.barcode), 'the card number in a refusal or an event').toBe(false);
  },
});
