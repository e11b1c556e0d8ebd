import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sierra } from '../providers/sierra.js';
import { MemoryStore } from '../store/memory-store.js';
import { loadedRequest } from './engine/engine-test-requests.js';
import { IlsAuthEngine } from './engine/ils-auth-engine.js';
import { signOut } from './engine/sign-out.js';
import type { WebRequest } from './web-request.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const SITE = 'http://127.0.0.1:5999';
const request = (cookie?: string): WebRequest => ({
  method: 'POST',
  url: '/auth/card/login',
  headers: { host: '127.0.0.1:5999', origin: SITE, ...(cookie ? { cookie } : {}) },
  ip: '203.0.113.5',
});

/**
 * One Sierra under two names: `card` (PIN form) and `sierra` (its login page). Each name's session is
 * bound to that name: a `card` session id presented as `sierra.<id>` is nobody's session.
 */
describe('a session cookie entry is bound to the configured provider name', () => {
  let emulator: SierraEmulator;
  let web: IlsAuthEngine;
  beforeAll(async () => {
    emulator = await startSierra();
    const descriptor = sierra({ baseUrl: emulator.url, ...emulator.credentials });
    web = new IlsAuthEngine(
      {
        secret: SECRET,
        store: new MemoryStore(),
        providers: { card: { provider: descriptor, signIn: 'pin' }, sierra: descriptor },
      },
      { owner: 'test' },
    );
  });
  afterAll(() => emulator.close());

  async function cardSessionId(): Promise<string> {
    const signedIn = await web.verifyPinSignIn(request(), 'card', { barcode: '21913000000001', pin: '1234' });
    return signedIn.session.id;
  }

  it('does not take a card session presented as sierra.<id>', async () => {
    const id = await cardSessionId();
    const asSierra = await loadedRequest(web, request(`ils_session=sierra.${id}`));
    expect(asSierra.patrons).toEqual({});
    expect(asSierra.ended).toEqual(['sierra']);
    // Under its own name it is the patron's session, and the swap did not end it.
    const asCard = await loadedRequest(web, request(`ils_session=card.${id}`));
    expect(Object.keys(asCard.patrons)).toEqual(['card']);
  });

  it('does not let the swapped entry sign the card session out, nor drop its mapped user', async () => {
    const id = await cardSessionId();
    await web.setup.users.save((await web.provider('card').auth.getSession(id))!, { role: 'reader' });
    await signOut(web.request(request(`ils_session=sierra.${id}`), undefined), { provider: 'sierra' });
    const asCard = await loadedRequest(web, request(`ils_session=card.${id}`));
    expect(asCard.patron?.provider).toBe('card');
    expect(await web.setup.users.load(id)).toEqual({ role: 'reader' });
  });

  it('keeps unscoped sessions readable when a provider has only one name (no sign-out on upgrade)', async () => {
    const descriptor = sierra({ baseUrl: emulator.url, ...emulator.credentials });
    const store = new MemoryStore();
    const before = new IlsAuthEngine(
      {
        secret: SECRET,
        store,
        providers: { card: { provider: descriptor, signIn: 'pin' } },
      },
      { owner: 'test' },
    );
    const { session } = await before.verifyPinSignIn(request(), 'card', {
      barcode: '21913000000001',
      pin: '1234',
    });
    const after = new IlsAuthEngine(
      {
        secret: SECRET,
        store,
        providers: { card: { provider: descriptor, signIn: 'pin' } },
      },
      { owner: 'test' },
    );
    expect((await loadedRequest(after, request(`ils_session=card.${session.id}`))).patron).toBeDefined();
  });
});
