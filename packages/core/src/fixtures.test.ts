import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './client/create-client.js';
import { isIlsAuthError } from './errors/ils-auth-error.js';
import { createPatronAuth } from './patrons/create-patron-auth.js';
import { overdrive } from './providers/overdrive.js';
import { sierra } from './providers/sierra.js';
import { startScriptedServer } from './test-support/scripted-server.js';

/**
 * The bodies recorded from live servers (sources: docs/providers.md, "Recorded responses"), served verbatim and read
 * through the public API as an application would meet them.
 */
const OD1 =
  '{"access_token":"FAEAAJ0BwkejpoEJgsVi8Mle-XmtWpJzYNG_0p189bOOaMYnLB94OP3gZTHYqvfBHM2eLoV0LS6NJeOt1rTSvX3uSQjXDsrSDTjQ9JiEH19U67Kv4_OVelsUNQKzfVlopjUpIaf-GWKEb0Uj7iiUFbXRNkLayowrZoCHYj7MbPbTi38GSL8RDUvFZRBVshHzYFtW8CnzX3K5Ds_ybzh82-Hj-s3SBD2bUnr-SztpfAPh43WADzt8uyie9EgxKuvRKvq1nlBd_dMsq_Euj7lzAhnzPNgmijYx71LPjJnKW3zGW4f4-jSATXpXrz-FgwQ1IJT5ZXm0x26X3-_k_QmHZ-LDEUrkAQAAAAEAAHCBiEt-ajDzy0k1cGO83pB49VoY_FPCaBwAmhyupC_otH6-60_q8zo6zLX5U59uTnIHHL56ZktM5NI6wIKAWcOCqkikm8R8EkfK9TkPUea9nXklQT1XtZuRxrYSCEbne14PKDvftI0LKxPZ4nGwymL0h54mYhpijto-4Vl2yh4ZGvZPBAmqx9Qfdf7T9bSGis3sYWSAElYiynGS7pqZRW4CxaFaylB8Fosx1tyfcdn-l2uk8VzFWRhQ49LFHBf06HECMNau2ZDrZBuhpIsYJY-D6ddzwX4wWAS4gIwzw2weJLap-6qIZG8zA1i4t-qfZfWlIVxhls_8eemcE4nu-frAZM675DmXCdZybSVTPwY-GX3Xy0s2eW9QNbXhAUIQ0pHiD_r8kq90P-_ddb5uSGGNpp5dfdyhjFqKg_ND9tV4sRMt9Laceat70pU6D2OHboK-jBJD6G-2u5Q1Rx5arMnw0AxKncKj0mjpi35LPeHYPeYVTauXwwuA8X1BY2rCNGHYqYnYFuy8EGx0YTqaHX4KvzV-IHBQopimY3oXam3uIDKEaM5xKW-jPl5uxMKAiPCaxAfHOForBrl8x5doUC7Iv40heRqbneIjnYFLCRatlHm65bogrfPoiuAoTfCbsg","token_type":"bearer","expires_in":3600,"scope":"LIB META AVAIL SRCH PATRON PATRONINT patronid:1155891 websiteid:37 client:NYPL"}';
const OD3 =
  '{"patronId":1810,"websiteId":37,"existingPatron":true,"collectionToken":"blah","holdLimit":15,"lastHoldEmail":"foo@bar.com","checkoutLimit":12,"lendingPeriods":[{"formatType":"eBook","lendingPeriod":21,"units":"days"}],"links":{"self":{"href":"http://patron.api.overdrive.com/v1/patrons/me","type":"application/vnd.overdrive.circulation.api+json"}}}';
const OD5 =
  '{"errorCode":"PatronTitleProcessingFailed","message":"The selected format may not be available for this title.","token":"bf3b1876-20fa-4755-a923-acc809740002"}';
const OD6 =
  '{\n    "access_token":"2YotnFZFEjr1zCsicMWpAA",\n    "token_type":"Bearer",\n    "expires_in":3600,\n    "scope":"LIB META SRCH AVAIL"\n}';
const OD7 =
  '{"access_token": "foo","expires_in": 3600,"scope": "LIB META AVAIL SRCH ENABLEODAPPDOWNLOADS","token_type": "bearer"}';
const SI3 =
  '{"code":108,"specificCode":0,"httpStatus":400,"name":"Invalid parameter","description":"Invalid parameter : Invalid barcode or PIN"}';
const SI4 =
  '{"patronId":null,"keyId":"1ebmZG6N2Qw7SklwUBQkxIeTr1pW","grantType":"client_credentials","authorizationScheme":"Bearer","expiresIn":3599,"roles":[{"name":"Patrons_Read","tokenLifetime":3600,"permissions":["Patrons_Read"]}]}';

const routes: Record<string, { status: number; body: string }> = {
  '/od/patrontoken': { status: 200, body: OD1 },
  '/od/v1/patrons/me': { status: 200, body: OD3 },
  '/od5/patrontoken': { status: 200, body: OD1 },
  '/od5/v1/patrons/me': { status: 400, body: OD5 },
  '/od6/token': { status: 200, body: OD6 },
  '/od7/token': { status: 200, body: OD7 },
  '/si3/iii/sierra-api/v6/token': {
    status: 200,
    body: '{"access_token":"app","token_type":"bearer","expires_in":3600}',
  },
  '/si3/iii/sierra-api/v6/patrons/validate': { status: 400, body: SI3 },
  '/si4/iii/sierra-api/v6/token': {
    status: 200,
    body: '{"access_token":"cc","token_type":"bearer","expires_in":3600}',
  },
  '/si4/iii/sierra-api/v6/info/token': { status: 200, body: SI4 },
};

describe('bodies recorded from live Sierra and OverDrive servers', () => {
  let server: Awaited<ReturnType<typeof startScriptedServer>>;
  beforeAll(async () => {
    server = await startScriptedServer((req, res) => {
      const route = routes[req.url.split('?')[0]!];
      res.writeHead(route?.status ?? 404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(route?.body ?? '{}');
    });
  });
  afterAll(() => server.close());

  const overdriveAt = (prefix: string) =>
    overdrive({
      clientId: 'od-key',
      clientSecret: 'od-secret-value',
      websiteId: 37,
      authorizationName: 'NYPL',
      allowPasswordGrant: true,
      oauthUrl: `${server.url}/${prefix}`,
      patronOauthUrl: `${server.url}/${prefix}`,
      patronApiUrl: `${server.url}/${prefix}`,
    });

  it('OD-1 + OD-3: the live patron token (lowercase bearer, patron scope) and patron information', async () => {
    const session = await createPatronAuth(overdriveAt('od')).login({
      barcode: '23333000000001',
      pin: '1234',
    });
    expect(session.profile).toMatchObject({ provider: 'overdrive', id: '1810', barcode: '23333000000001' });
    const request = server.seen.find((r) => r.url === '/od/patrontoken')!;
    expect(new URLSearchParams(request.body).get('scope')).toBe('websiteid:37 authorizationname:NYPL');
    expect(request.body).toContain('scope=websiteid%3A37+authorizationname%3ANYPL');
  });

  it('OD-5: a circulation error {errorCode, message, token} keeps OverDrive’s words', async () => {
    const error = await createPatronAuth(overdriveAt('od5'))
      .login({ barcode: '23333000000001', pin: '1234' })
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.providerError).toEqual({
      error: 'PatronTitleProcessingFailed',
      errorDescription: 'The selected format may not be available for this title.',
    });
  });

  it('OD-6 and OD-7: app tokens in both token_type spellings, with their scopes', async () => {
    const od6 = await createClient(overdriveAt('od6')).getTokenSet();
    expect(od6.scope).toEqual(['LIB', 'META', 'SRCH', 'AVAIL']);
    const od7 = await createClient(overdriveAt('od7')).getTokenSet();
    expect(od7.accessToken).toBe('foo');
    expect(od7.scope).toContain('ENABLEODAPPDOWNLOADS');
  });

  it('SI-3: the live validate failure is a wrong barcode or PIN', async () => {
    const auth = createPatronAuth(
      sierra({ baseUrl: `${server.url}/si3/iii/sierra-api`, clientId: 'key', clientSecret: 'pleaseletmein' }),
    );
    const error = await auth.login({ barcode: '21913000000001', pin: '0000' }).catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('invalid_credentials');
  });

  it('SI-4: token info of a client-credentials key names no patron, so it cannot start a patron session', async () => {
    const auth = createPatronAuth(
      sierra({ baseUrl: `${server.url}/si4/iii/sierra-api`, clientId: 'key', clientSecret: 'pleaseletmein' }),
      {
        redirectUri: 'http://127.0.0.1:5999/cb',
      },
    );
    const { transaction } = auth.authorizationUrl();
    const error = await auth
      .handleCallback(`http://127.0.0.1:5999/cb?code=abc&state=${transaction.state}`, transaction)
      .catch((e: unknown) => e);
    expect(isIlsAuthError(error) && error.code).toBe('malformed_response');
  });
});
