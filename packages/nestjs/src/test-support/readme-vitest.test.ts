import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { IlsAuthModule } from '../index.js';
import { signInPatron } from '../testing/index.js';
import { AccountController } from './account.controller.js';

let emulator: SierraEmulator;
let app: INestApplication;

beforeAll(async () => {
  emulator = await startSierra();
  const catalogue = sierra({ baseUrl: emulator.url, ...emulator.credentials });
  const moduleRef = await Test.createTestingModule({
    imports: [
      IlsAuthModule.forRoot({
        secret: 'test-secret-0123456789abcdefghijklmnop',
        providers: { card: { provider: catalogue, signIn: 'pin' } },
      }),
    ],
    controllers: [AccountController],
  }).compile();
  app = moduleRef.createNestApplication();
  await app.listen(0, '127.0.0.1');
});
// Closes what beforeAll opened, even when it failed half-way (`?.`): an emulator left open keeps the run waiting.
afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

test('a signed-in patron sees their account', async () => {
  const { cookie } = await signInPatron(app, 'card', { barcode: '21913000000001', pin: '1234' });
  const answer = await fetch(`${await app.getUrl()}/account`, { headers: { cookie } });
  expect(answer.status).toBe(200);
});
