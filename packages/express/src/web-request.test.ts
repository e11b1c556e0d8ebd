import { createServer } from 'node:http';
import { listenOnLoopback } from '@ils-auth/test-support';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { ExpressWebRequest } from './web-request.js';

// The engine's client IP and `secure` are Express's own answers under the app's `trust proxy`, however
// little of Express they are read through: a client's X-Forwarded-* count only from a trusted proxy.
describe("ExpressWebRequest's ip and secure", () => {
  const settings: [string, unknown][] = [
    ['the default (no proxy)', undefined],
    ['false', false],
    ['"loopback"', 'loopback'],
    ['true', true],
    ['one hop', 1],
    ['another address only', '10.0.0.1'],
    ['a function trusting nothing', () => false],
  ];

  it.each(settings)('equal req.ip and req.secure with trust proxy %s', async (_name, trust) => {
    const app = express();
    if (trust !== undefined) app.set('trust proxy', trust);
    app.get('/', (req, res) => {
      const view = new ExpressWebRequest(req);
      res.json({ ours: { ip: view.ip, secure: view.secure }, express: { ip: req.ip, secure: req.secure } });
    });
    const server = await listenOnLoopback(createServer(app));
    try {
      const forwarded = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };
      for (const headers of [{}, forwarded] as Record<string, string>[]) {
        type Answer = Record<'ours' | 'express', { ip?: string; secure: boolean }>;
        const { ours, express: expected } = (await (
          await fetch(`${server.url}/`, { headers })
        ).json()) as Answer;
        expect(ours).toEqual(expected);
        const trusted = trust === true || trust === 'loopback' || trust === 1;
        expect(ours.ip === '203.0.113.9').toBe(trusted && 'x-forwarded-for' in headers);
        expect(ours.secure).toBe(trusted && 'x-forwarded-proto' in headers);
      }
    } finally {
      await server.close();
    }
  });
});
