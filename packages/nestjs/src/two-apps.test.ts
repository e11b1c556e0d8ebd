import 'reflect-metadata';
import { sierra } from '@ils-auth/core';
import { type SierraEmulator, startSierra } from '@ils-auth/emulator';
import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { IlsAuthModule } from './ils-auth.module.js';
import { IlsLoginGuard } from './ils-login.guard.js';
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
function appOn(emulator: SierraEmulator) {
  const provider = sierra({ baseUrl: emulator.url, ...emulator.credentials });
  return startTestApp(
    [IlsAuthModule.forRoot({ secret: TEST_SECRET, providers: { sierra: { provider, signIn: 'pin' } } })],
    [LoginController],
  );
}

describe('two Nest apps in one process', () => {
  // `IlsLoginGuard('sierra')` is one class for both apps (cached by name); each instance reads its own module.
  it('each app signs in with its own provider: the guard class is shared, each module keeps its setup', async () => {
    const emulators = await Promise.all([startSierra(), startSierra()]);
    const apps = await Promise.all(emulators.map(appOn));
    try {
      const signIn = (url: string) =>
        fetch(`${url}/auth/sierra/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ barcode: '21913000000001', pin: '1234' }),
        });
      for (const emulator of emulators) emulator.controls.clearRequests();
      expect((await signIn(apps[0]!.url)).status).toBe(200);
      expect((await signIn(apps[1]!.url)).status).toBe(200);
      expect((await signIn(apps[1]!.url)).status).toBe(200);
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
