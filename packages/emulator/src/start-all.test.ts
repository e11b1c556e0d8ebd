import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import { startAll } from './index.js';
import { Sip2Wire } from './testing/sip2-wire.js';

describe('startAll', () => {
  it('starts the five emulators on loopback with a shared token lifetime, and closes them', async () => {
    const all = await startAll({ tokenTtlSeconds: 90 });
    try {
      expect(all.sierra.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/iii\/sierra-api$/);
      expect(all.overdrive.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/);
      expect(all.rero.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/);
      expect(all.koha.tokenUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/oauth\/token$/);
      expect(all.folio.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(all.evergreen.gatewayUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/osrf-gateway-v1$/);
      expect(all.symphony.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/symws$/);
      expect(all.alma.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/almaws\/v1$/);
      expect(all.polaris.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/PAPIService\/REST$/);
      const { clientId, clientSecret } = all.sierra.credentials;
      const response = await fetch(all.sierra.tokenUrl, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });
      expect(((await response.json()) as { expires_in: number }).expires_in).toBe(90);
      expect(all.sip2.host).toBe('127.0.0.1');
      const wire = await Sip2Wire.open(all.sip2.port);
      const { loginUserId, loginPassword } = all.sip2.credentials;
      expect(await wire.exchange(`9300CN${loginUserId}|CO${loginPassword}|`)).toBe('941');
      wire.close();
    } finally {
      await all.close();
    }
    await expect(fetch(all.sierra.tokenUrl, { method: 'POST' })).rejects.toThrow();
    await expect(Sip2Wire.open(all.sip2.port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('closes what it started when one port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await expect(startAll({ ports: { rero: taken } })).rejects.toThrow(/EADDRINUSE/);
      await expect(startAll({ ports: { sip2: taken } })).rejects.toThrow(/EADDRINUSE/);
      await expect(startAll({ ports: { folio: taken } })).rejects.toThrow(/EADDRINUSE/);
      await expect(startAll({ ports: { polaris: taken } })).rejects.toThrow(/EADDRINUSE/);
      await expect(startAll({ ports: { evergreen: taken } })).rejects.toThrow(/EADDRINUSE/);
      await expect(startAll({ ports: { symphony: taken } })).rejects.toThrow(/EADDRINUSE/);
      await expect(startAll({ ports: { alma: taken } })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('exports exactly the documented API', () => {
    expect(Object.keys(api).sort()).toEqual([
      'FOLIO_TENANT',
      'almaApiKeys',
      'almaUsers',
      'evergreenUsers',
      'folioUsers',
      'kohaClients',
      'kohaPatronAccounts',
      'kohaPatronLogins',
      'kohaPatrons',
      'overdriveClients',
      'overdriveLibraries',
      'overdrivePatrons',
      'overdriveProducts',
      'overdriveWebsites',
      'papiKeys',
      'polarisPatrons',
      'polarisStaffUsers',
      'reroClients',
      'reroPatrons',
      'sierraBibs',
      'sierraClients',
      'sierraPatrons',
      'signInOnRero',
      'signInOnSierraPage',
      'sip2Credentials',
      'sip2Patrons',
      'sip2UnknownBarcode',
      'startAll',
      'startAlmaEmulator',
      'startEvergreenEmulator',
      'startFolioEmulator',
      'startKoha',
      'startOverDrive',
      'startPolarisEmulator',
      'startRero',
      'startSierra',
      'startSip2Emulator',
      'startSymphonyEmulator',
      'symphonyClients',
      'symphonyPatrons',
      'symphonyStaffUsers',
    ]);
  });
});
