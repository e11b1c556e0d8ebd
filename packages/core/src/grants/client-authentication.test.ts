import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../client/create-client.js';
import { oauth2 } from '../providers/oauth2.js';
import { sierra } from '../providers/sierra.js';
import { json, startScriptedServer } from '../test-support/scripted-server.js';

describe('client authentication at the token endpoint', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>>;
  beforeAll(async () => {
    server = await startScriptedServer((_req, res) =>
      json(res, 200, { access_token: 'a', token_type: 'bearer', expires_in: 3600 }),
    );
  });
  afterAll(() => server.close());

  async function headerSentBy(provider: Parameters<typeof createClient>[0]): Promise<string | undefined> {
    const before = server.seen.length;
    await createClient(provider).getToken();
    return server.seen[before]?.headers.authorization;
  }

  it('sends the seed key WO0rS+IFzwLnso/kmPGM6S9h5Lv8 / pleaseletmein byte for byte (Sierra, raw Base64)', async () => {
    const header = await headerSentBy(
      sierra({
        baseUrl: `${server.url}/iii/sierra-api`,
        clientId: 'WO0rS+IFzwLnso/kmPGM6S9h5Lv8',
        clientSecret: 'pleaseletmein',
      }),
    );
    expect(header).toBe('Basic V08wclMrSUZ6d0xuc28va21QR002UzloNUx2ODpwbGVhc2VsZXRtZWlu');
    expect(server.seen.at(-1)?.url).toBe('/iii/sierra-api/v6/token');
    expect(server.seen.at(-1)?.body).toBe('grant_type=client_credentials');
    expect(server.seen.at(-1)?.headers['content-type']).toBe(
      'application/x-www-form-urlencoded;charset=UTF-8',
    );
  });

  it('sends Elvis / Presley1 as Basic RWx2aXM6UHJlc2xleTE=', async () => {
    const header = await headerSentBy(
      sierra({ baseUrl: `${server.url}/iii/sierra-api`, clientId: 'Elvis', clientSecret: 'Presley1' }),
    );
    expect(header).toBe('Basic RWx2aXM6UHJlc2xleTE=');
  });

  it('form-encodes id and secret under RFC 6749 `basic`, so "+" and ":" differ from basic-raw', async () => {
    const common = {
      tokenUrl: `${server.url}/token`,
      clientId: 'app+one',
      clientSecret: 'se:cret pass',
    } as const;
    const basic = await headerSentBy(oauth2({ ...common, id: 'rfc', tokenEndpointAuth: 'basic' }));
    const raw = await headerSentBy(oauth2({ ...common, id: 'raw', tokenEndpointAuth: 'basic-raw' }));
    expect(Buffer.from(basic!.slice(6), 'base64').toString()).toBe('app%2Bone:se%3Acret+pass');
    expect(Buffer.from(raw!.slice(6), 'base64').toString()).toBe('app+one:se:cret pass');
    expect(basic).not.toBe(raw);
  });

  it('puts client_id and client_secret in the body under `post`, and only client_id under `none`', async () => {
    await createClient(
      oauth2({
        id: 'post',
        tokenUrl: `${server.url}/token`,
        clientId: 'rero-app',
        clientSecret: 's3cret-value',
        tokenEndpointAuth: 'post',
      }),
    ).getToken();
    const post = server.seen.at(-1)!;
    expect(post.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(post.body).get('client_id')).toBe('rero-app');
    expect(new URLSearchParams(post.body).get('client_secret')).toBe('s3cret-value');

    await createClient(
      oauth2({ id: 'public', tokenUrl: `${server.url}/token`, clientId: 'spa', tokenEndpointAuth: 'none' }),
    ).getToken();
    const none = server.seen.at(-1)!;
    expect(new URLSearchParams(none.body).get('client_id')).toBe('spa');
    expect(new URLSearchParams(none.body).has('client_secret')).toBe(false);
  });
});
