import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { sierra } from '@ils-auth/core';
import type { Patron } from '@ils-auth/core/web';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ilsAuth } from './ils-auth.js';
import { startRequestState } from './request-state.js';
import { requirePatron } from './require-patron.js';
import { TEST_SECRET } from './testing/test-app.js';

let emulator: SierraEmulator;
beforeAll(async () => {
  emulator = await startSierra();
});
afterAll(async () => {
  await emulator.close();
});

const standIn = Object.freeze({ provider: 'sierra', patronId: 'stand-in' }) as unknown as Patron;

describe('req.ils, req.patron and req.patrons', () => {
  it('read and assign as properties of the request, before and after the router', async () => {
    const app = express();
    const seen: Record<string, unknown> = {};
    app.use((req, _res, next) => {
      seen.before = { patron: req.patron, ils: req.ils };
      next();
    });
    app.use(
      ilsAuth({
        providers: { sierra: sierra({ baseUrl: emulator.url, ...emulator.credentials }) },
        secret: TEST_SECRET,
      }),
    );
    app.use((req, _res, next) => {
      seen.after = { patron: req.patron, patrons: req.patrons, hasIls: req.ils !== undefined };
      // An app (or a test) that signs a stand-in patron in by assignment, as it could before.
      if (req.get('x-stand-in')) req.patron = standIn;
      seen.ownKeys = Object.keys(req).filter((key) => ['ils', 'patron', 'patrons'].includes(key));
      next();
    });
    app.get('/account', requirePatron({ respond: 'json' }), (req, res) => {
      res.json({ patronId: req.patron?.patronId, same: req.patron === standIn });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/account`;
    try {
      expect((await fetch(url)).status).toBe(401);
      expect(seen.before).toEqual({ patron: undefined, ils: undefined });
      expect(seen.after).toEqual({ patron: undefined, patrons: {}, hasIls: true });
      expect(seen.ownKeys).toEqual([]);

      const asStandIn = await fetch(url, { headers: { 'x-stand-in': '1' } });
      expect(asStandIn.status).toBe(200);
      expect(await asStandIn.json()).toEqual({ patronId: 'stand-in', same: true });
      // Nothing of one request is seen by the next.
      expect((await fetch(url)).status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('are shared by the ESM and the CommonJS copy of the package loaded in one process', async () => {
    // A project with `.mts` and `.cts` files loads both builds: a router of one and a guard of the other.
    const cjs = createRequire(import.meta.url)('../dist/index.cjs') as typeof import('./index.js');
    expect(cjs.ilsAuth).not.toBe(ilsAuth);
    const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
    for (const [router, guard] of [
      [ilsAuth, cjs.requirePatron],
      [cjs.ilsAuth, requirePatron],
    ] as const) {
      const app = express();
      app.use(router({ providers: { sierra: { provider, signIn: 'pin' } }, secret: TEST_SECRET }));
      app.get('/account', guard({ respond: 'json' }), (req, res) => {
        res.json({ patronId: req.patron?.patronId, ils: req.ils?.providers });
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', resolve));
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const signIn = await fetch(`${origin}/auth/sierra/login`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            origin,
          },
          body: new URLSearchParams({ barcode: '21913000000001', pin: '1234' }),
        });
        const cookie = signIn.headers.getSetCookie().find((line) => line.startsWith('ils_session='));
        expect(cookie).toBeDefined();
        const account = await fetch(`${origin}/account`, { headers: { cookie: cookie!.split(';')[0]! } });
        expect(await account.json()).toEqual({ patronId: '1000001', ils: ['sierra'] });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
  });

  it('are own properties of a request object that is not a Node request', () => {
    const req = {};
    const ils = { mountPath: '' } as never;
    startRequestState(req, ils);
    expect(req).toEqual({ ils, patron: undefined, patrons: {} });
  });
});
