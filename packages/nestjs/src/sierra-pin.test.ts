import 'reflect-metadata';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsLoginGuard } from './ils-login.guard.js';
import type { IlsAuthModuleOptions } from './options.js';
import { Patron } from './patron.js';
import { startTestApp, TEST_SECRET } from './test-support/test-app.js';

@Controller('auth/sierra')
class LoginController {
  @Post('login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('sierra'))
  login(@Patron() patron: Patron) {
    return { patron };
  }
}

/** An app whose one provider, `sierra`, is the given emulator. */
function appOn(emulator: SierraEmulator, options: Partial<IlsAuthModuleOptions> = {}) {
  const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
  const providers = { sierra: { provider, signIn: 'pin' as const } };
  return startTestApp(
    [IlsAuthModule.forRoot({ secret: TEST_SECRET, providers, ...options })],
    [LoginController],
  );
}

const signIn = (url: string, barcode: string, pin: string) =>
  fetch(`${url}/auth/sierra/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ barcode, pin }),
  });

describe('two Nest apps in one process', () => {
  // `IlsLoginGuard('sierra')` is one class for both apps (cached by name); each instance reads its own module.
  it('each app signs in with its own provider: the guard class is shared, each module keeps its setup', async () => {
    const emulators = await Promise.all([startSierra(), startSierra()]);
    const apps = await Promise.all(emulators.map((emulator) => appOn(emulator)));
    try {
      for (const emulator of emulators) emulator.controls.clearRequests();
      expect((await signIn(apps[0]!.url, '21913000000001', '1234')).status).toBe(200);
      expect((await signIn(apps[1]!.url, '21913000000001', '1234')).status).toBe(200);
      expect((await signIn(apps[1]!.url, '21913000000001', '1234')).status).toBe(200);
      const validations = emulators.map(
        (emulator) =>
          emulator.controls.requests().filter((entry) => entry.path.endsWith('/patrons/validate')).length,
      );
      expect(validations).toEqual([1, 2]);
    } finally {
      await Promise.all([...apps, ...emulators].map((open) => open.close()));
    }
  });
});

// An option of core's engine that core's own tests do not cover end to end yet.
describe('throttle: false', () => {
  it('turns the PIN throttle off: seven wrong PINs for one card each reach Sierra and are 401', async () => {
    const emulator = await startSierra();
    const app = await appOn(emulator, { throttle: false });
    try {
      for (let attempt = 0; attempt < 7; attempt += 1)
        expect((await signIn(app.url, '21913000000005', '0000')).status).toBe(401);
      expect(
        emulator.controls.requests().filter((entry) => entry.path.endsWith('/patrons/validate')),
      ).toHaveLength(7);
    } finally {
      await app.close();
      await emulator.close();
    }
  });
});
