import { createServer } from 'node:http';
import zlib from 'node:zlib';
import { listenOnLoopback } from '@ils-auth/test-support';
import { Agent, getGlobalDispatcher, MockAgent, setGlobalDispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IlsClient } from '../client/create-client.js';
import { oauth2ApiClient } from '../test-support/oauth2-api-client.js';

// An app may put undici's own dispatcher in place of Node's (`setGlobalDispatcher`: a proxy agent, or a
// MockAgent in its tests), and Node 24 ships undici 7 inside. API reads that skip `fetch` go to that
// dispatcher as `fetch` would: here undici 7's Agent over real sockets, and its MockAgent.

const BODY = JSON.stringify({ id: 1000004, title: 'Moby Dick' });
const server = createServer((req, res) => {
  if (req.url === '/token') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(
      JSON.stringify({ access_token: 'app-token', token_type: 'Bearer', expires_in: 3600 }),
    );
  }
  if (req.url === '/gzip') {
    res.writeHead(200, { 'content-encoding': 'gzip', 'x-via': req.headers['user-agent'] ?? '' });
    return void res.end(zlib.gzipSync(BODY));
  }
  if (req.url === '/chunked') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(BODY.slice(0, 5));
    return void setTimeout(() => res.end(BODY.slice(5)), 5);
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(BODY);
});
let origin = '';
let closeServer: () => Promise<void>;
let client: IlsClient;
const nodeDispatcher = getGlobalDispatcher();

beforeAll(async () => {
  ({ url: origin, close: closeServer } = await listenOnLoopback(server));
  client = oauth2ApiClient(origin);
  await client.getToken();
});
afterAll(async () => {
  setGlobalDispatcher(nodeDispatcher);
  await closeServer();
});

async function observed(response: Response) {
  return {
    status: response.status,
    url: response.url,
    type: response.headers.get('content-type'),
    body: await response.text(),
  };
}

describe('API reads through an app’s own undici 7 dispatcher', () => {
  it('undici 7’s Agent: the same answers as bare fetch() through it', async () => {
    const agent = new Agent();
    setGlobalDispatcher(agent);
    try {
      for (const path of ['/small', '/chunked', '/gzip']) {
        const ours = await observed(await client.fetch(path));
        const theirs = await observed(await fetch(`${origin}${path}`));
        expect(ours).toEqual({ ...theirs, url: `${origin}${path}` });
        expect(ours.body).toBe(BODY);
      }
      const head = await client.fetch('/small', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    } finally {
      setGlobalDispatcher(nodeDispatcher);
      await agent.close();
    }
  });

  it('undici 7’s MockAgent answers the call, as it answers fetch()', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock
      .get(origin)
      .intercept({ path: '/mocked', method: 'GET' })
      .reply(200, { mocked: true }, { headers: { 'content-type': 'application/json' } });
    setGlobalDispatcher(mock);
    try {
      const response = await client.fetch('/mocked');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ mocked: true });
      mock.assertNoPendingInterceptors();
    } finally {
      setGlobalDispatcher(nodeDispatcher);
      await mock.close();
    }
  });
});
