import { startAll } from '@ils-auth/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { createPatronAuth } from '../patrons/create-patron-auth.js';
import { overdrive } from './overdrive.js';
import { rero } from './rero.js';
import { sierra } from './sierra.js';

// Each emulator's `credentials` is what its factory takes, so `{ ...emulator.credentials }` is a whole
// configuration: the way the READMEs and every app wired to the emulators write it.
let emulators: Awaited<ReturnType<typeof startAll>>;
beforeAll(async () => {
  emulators = await startAll();
});
afterAll(() => emulators.close());

describe('emulator credentials spread into the provider factories', () => {
  it('sierra({ baseUrl, ...credentials }) gets an app token', async () => {
    const { sierra: emulator } = emulators;
    const client = createClient(sierra({ baseUrl: emulator.url, ...emulator.credentials }));
    expect((await client.fetch('bibs/1000004')).status).toBe(200);
  });

  it('overdrive({ hosts, ...credentials }) gets an app token and signs a patron in with card + PIN', async () => {
    const { overdrive: emulator } = emulators;
    const provider = overdrive({
      oauthUrl: emulator.oauthUrl,
      patronOauthUrl: emulator.patronOauthUrl,
      apiUrl: emulator.apiUrl,
      patronApiUrl: emulator.patronApiUrl,
      allowPasswordGrant: true,
      ...emulator.credentials,
    });
    expect((await createClient(provider).fetch(`v1/libraries/${emulator.libraryId}`)).status).toBe(200);
    const session = await createPatronAuth(provider).login({ barcode: '23025000000001', pin: '2468' });
    expect(session.profile?.id).toBe('3100001');
  });

  it('the PIN-less website takes the same spread with its own website id', async () => {
    const { overdrive: emulator } = emulators;
    const provider = overdrive({
      patronOauthUrl: emulator.patronOauthUrl,
      patronApiUrl: emulator.patronApiUrl,
      allowPasswordGrant: true,
      ...emulator.credentials,
      websiteId: emulator.pinlessWebsiteId,
      pinless: true,
    });
    const session = await createPatronAuth(provider).login({ barcode: '23025000000002' });
    expect(session.profile?.id).toBe('3100002');
  });

  it('rero({ baseUrl, ...credentials }) sends patrons to the emulator with its client id', () => {
    const { rero: emulator } = emulators;
    const { url } = createPatronAuth(
      rero({ baseUrl: emulator.url, ...emulator.credentials }),
    ).authorizationUrl({
      redirectUri: 'http://127.0.0.1:8080/callback',
    });
    expect(url.startsWith(emulator.authorizeUrl)).toBe(true);
    expect(new URL(url).searchParams.get('client_id')).toBe(emulator.credentials.clientId);
  });
});
