import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startOnPreferredPort } from './command-line.js';
import { startDemoSite } from './start-demo-site.js';

/** Whether something still accepts connections at `url`. */
async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}

describe('startDemoSite', () => {
  it('listens first, registers the exact callback URI, and closes the app before what it talks to', async () => {
    const order: string[] = [];
    const site = await startDemoSite({}, async ({ url, server, emulators, oidc, closeFirst }) => {
      server.on('request', (_req, res) => res.end('the app'));
      closeFirst({
        close: async () => {
          // The app closes while the emulators still answer (a Nest app may call them on shutdown).
          order.push(`app (sierra up: ${await answers(emulators.sierra.url)})`);
        },
      });
      return { callback: `${url}/auth/library/callback`, issuer: oidc.issuer };
    });
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(site.url)).text()).toBe('the app');
    // The OpenID server accepts the site's callback URI, so the port was known before it started.
    const authorize = new URL(`${site.oidc.issuer}/auth`);
    for (const [name, value] of Object.entries({
      client_id: site.oidc.client.clientId,
      redirect_uri: site.callback,
      response_type: 'code',
      scope: 'openid',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(name, value);
    expect((await fetch(authorize, { redirect: 'manual' })).status).toBe(303);

    const sierra = site.emulators.sierra.url;
    await site.close();
    expect(order).toEqual(['app (sierra up: true)']);
    expect(await answers(site.url)).toBe(false);
    expect(await answers(sierra)).toBe(false);
    expect(await answers(site.issuer)).toBe(false);
  });

  it('closes what it started when building the app fails, so the port is free again', async () => {
    let url = '';
    let sierra = '';
    await expect(
      startDemoSite({}, async (backends) => {
        url = backends.url;
        sierra = backends.emulators.sierra.url;
        throw new Error('the app could not be built');
      }),
    ).rejects.toThrow('the app could not be built');
    expect(await answers(url)).toBe(false);
    expect(await answers(sierra)).toBe(false);
    const again = await startDemoSite({ port: Number(new URL(url).port) }, async () => ({}));
    expect(again.url).toBe(url);
    await again.close();
  });

  it('refuses any host but loopback', async () => {
    await expect(startDemoSite({ host: '0.0.0.0' as '127.0.0.1' }, async () => ({}))).rejects.toThrow(
      /127\.0\.0\.1 only/,
    );
  });
});

describe('startOnPreferredPort', () => {
  it('takes a free port, and says so, when the one asked for is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const warnings: string[] = [];
    try {
      const site = await startOnPreferredPort(
        port,
        (chosen) => startDemoSite({ port: chosen }, async () => ({})),
        { say: () => {}, warn: (line) => warnings.push(line) },
      );
      expect(Number(new URL(site.url).port)).not.toBe(port);
      expect(warnings).toEqual([`port ${port} is taken: using a free one`]);
      await site.close();
    } finally {
      taken.close();
    }
  });
});
