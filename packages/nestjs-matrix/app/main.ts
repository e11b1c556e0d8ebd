// The matrix's app: copied into a fresh NestJS 11 or 12 project as src/main.mts (ESM) and src/main.cts
// (CommonJS), compiled there by tsc with `declaration: true`, and run on the platform MATRIX_PLATFORM names.
import 'reflect-metadata';
import { rero, sierra } from '@ils-auth/core';
import {
  IlsAuthExceptionFilter,
  IlsAuthModule,
  type IlsAuthPlatformResponse,
  type IlsAuthRequest,
  IlsAuthService,
  IlsLoginGuard,
  Patron,
  PatronGuard,
  Public,
  SignOutRoute,
} from '@ils-auth/nestjs';
import { signInPatron } from '@ils-auth/nestjs/testing';
import {
  Controller,
  Get,
  HttpCode,
  type INestApplication,
  Inject,
  Module,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

interface Emulators {
  sierra: { baseUrl: string; clientId: string; clientSecret: string };
  rero: { baseUrl: string; clientId: string; clientSecret: string };
}
const emulators = JSON.parse(process.env.MATRIX_EMULATORS ?? '{}') as Emulators;

@Controller()
export class AppController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Public()
  @Post('auth/card/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('card'))
  cardLogin(@Patron('patronId') patronId: string | undefined) {
    return { patronId };
  }

  @Public()
  @Get('auth/rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {}

  @Public()
  @Get('auth/rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  reroCallback(@Req() req: IlsAuthRequest) {
    return { patronId: req.patron?.patronId, returnTo: req.authInfo?.returnTo };
  }

  // The README's route: its inferred return type must be nameable in this file's declarations.
  @Get('me')
  me(@Patron() patron: Patron) {
    return patron;
  }

  @SignOutRoute() // through the global guard without a live session: a second sign-out answers 204 too
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthPlatformResponse) {
    await this.ils.logout(req, res);
  }
}

@Module({
  imports: [
    IlsAuthModule.forRoot({
      secret: 'matrix-secret-0123456789abcdefghijklmnop',
      defaultReturnTo: '/me',
      providers: {
        card: { provider: sierra(emulators.sierra), signIn: 'pin' },
        rero: rero(emulators.rero),
      },
    }),
  ],
  controllers: [AppController],
  providers: [{ provide: APP_GUARD, useClass: PatronGuard }],
})
export class AppModule {}

async function main(): Promise<void> {
  const app: INestApplication =
    process.env.MATRIX_PLATFORM === 'fastify'
      ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: ['error', 'warn'] })
      : await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.useGlobalFilters(new IlsAuthExceptionFilter());
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  // The testing helper, as an e2e test would use it: a patron signed in without a sign-in route.
  const { cookie } = await signInPatron(app, 'card', { barcode: '21913000000003', pin: '4321' });
  const ready = {
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    moduleSystem: typeof require === 'function' ? 'commonjs' : 'esm',
    testingCookie: cookie,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

void main();
