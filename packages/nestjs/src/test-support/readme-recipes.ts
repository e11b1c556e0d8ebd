import 'reflect-metadata';
import { overdrive, rero, sierra } from '@ils-auth/core';
import { startOverDrive, startRero, startSierra } from '@ils-auth/emulator';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Module,
  NotFoundException,
  Param,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import {
  IlsAuthExceptionFilter,
  IlsAuthHealthIndicator,
  IlsAuthModule,
  type IlsAuthPlatformResponse,
  type IlsAuthRequest,
  IlsAuthService,
  IlsLoginGuard,
  Patron,
  PatronGuard,
} from '../index.js';

// The emulators stand in for your library's catalogue (Sierra), e-books (OverDrive) and RERO ILS.
export const emulators = await Promise.all([startSierra(), startOverDrive(), startRero()]);
const [sierraEmulator, overdriveEmulator, reroEmulator] = emulators;
const od = overdriveEmulator.credentials;
// The RERO client the library registered for you, with its one exact redirect URI (registered below).
const reroClient = { clientId: 'portal-exact', clientSecret: 'portal-exact-secret-0123456789' };
const blockedPatrons = new Set(['1000002']); // your own rule: cards the library has blocked
const audit = new Logger('Audit');

@Controller()
class PortalController {
  constructor(
    @Inject(IlsAuthService) private readonly ils: IlsAuthService,
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(IlsAuthHealthIndicator) private readonly indicator: IlsAuthHealthIndicator,
  ) {}

  // A form or JSON: { patron }; refused, a form is sent to /sign-in?error=…, JSON gets the JSON error.
  @Post('auth/catalogue/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('catalogue'))
  catalogueLogin(@Patron() patron: Patron) {
    return { patron };
  }

  @Post('auth/ebooks/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('ebooks'))
  ebooksLogin(@Patron() patron: Patron) {
    return { patron };
  }

  @Get('sign-in')
  signInPage(@Query('error') error: string | undefined) {
    return { page: 'sign-in', error: error ?? null }; // your form, showing the message that fits the code
  }

  @Get('auth/rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {}

  @Get('callback') // the path of the registered redirect URI, instead of auth/rero/callback
  @UseGuards(IlsLoginGuard('rero'))
  @Redirect('/', 303)
  reroCallback(@Req() req: IlsAuthRequest) {
    return { url: req.authInfo?.returnTo ?? '/' };
  }

  @Get('portal')
  @UseGuards(PatronGuard)
  portal(@Req() req: IlsAuthRequest) {
    return { signedInTo: Object.keys(req.patrons ?? {}), user: req.patron?.user };
  }

  // The e-book account needs the OverDrive session, whoever else is signed in.
  @Get('portal/ebooks')
  @UseGuards(PatronGuard)
  async ebooks(@Req() req: IlsAuthRequest) {
    return (await this.ils.patronFetch(req, 'v1/patrons/me', { provider: 'ebooks' })).json();
  }

  @Post('auth/:provider/logout') // one provider's session
  @HttpCode(204)
  async logoutOne(
    @Param('provider') provider: string,
    @Req() req: IlsAuthRequest,
    @Res({ passthrough: true }) res: IlsAuthPlatformResponse,
  ) {
    // A name from the URL: one that is not in `providers` is a 404 (logout() says so too, unlogged).
    if (!this.ils.providers.includes(provider)) throw new NotFoundException();
    await this.ils.logout(req, res, { provider });
  }

  @Post('auth/logout') // every session of this browser; ?everywhere=true: of every browser
  @HttpCode(204)
  async logout(
    @Query('everywhere') everywhere: string | undefined,
    @Req() req: IlsAuthRequest,
    @Res({ passthrough: true }) res: IlsAuthPlatformResponse,
  ) {
    await this.ils.logout(req, res, { everywhere: everywhere === 'true' });
  }

  // 200 while the app tokens are fine; 503 while token requests back off from an outage.
  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([() => this.indicator.isHealthy('library')]);
  }
}

@Module({
  imports: [
    TerminusModule,
    IlsAuthModule.forRoot({
      secret: process.env.ILS_AUTH_SECRET ?? 'dev-only-secret-0123456789abcdefghij',
      providers: {
        catalogue: {
          provider: sierra({ baseUrl: sierraEmulator.url, ...sierraEmulator.credentials }),
          signIn: 'pin',
        },
        ebooks: overdrive({
          clientId: od.clientId,
          clientSecret: od.clientSecret,
          websiteId: od.websiteId,
          authorizationName: od.authorizationName,
          allowPasswordGrant: true, // OverDrive's patron sign-in is the legacy password grant
          oauthUrl: overdriveEmulator.oauthUrl,
          patronOauthUrl: overdriveEmulator.patronOauthUrl,
          apiUrl: overdriveEmulator.apiUrl,
          patronApiUrl: overdriveEmulator.patronApiUrl,
        }),
        // A path resolves against `origin` (here: the request's Host); or the whole registered URL.
        rero: { provider: rero({ baseUrl: reroEmulator.url, ...reroClient }), redirectUri: '/callback' },
      },
      failureRedirect: '/sign-in', // pages: /sign-in?error=invalid_credentials&provider=catalogue&returnTo=…
      defaultReturnTo: '/portal',
      callbacks: {
        // After the provider accepted the patron, before any cookie is set.
        signIn({ patron }) {
          if (patron.patronId && blockedPatrons.has(patron.patronId))
            return { error: 'card_blocked', message: 'ask at the desk' };
          return { user: { id: `reader-${patron.patronId}`, role: 'reader' } };
        },
      },
      events: {
        signIn: ({ provider, patron }) => audit.log(`${provider}: patron ${patron.patronId} signed in`),
        signOut: ({ patron, everywhere }) => audit.log(`${patron.provider}: out, everywhere=${everywhere}`),
      },
    }),
  ],
  controllers: [PortalController],
})
class AppModule {}

export const app = await NestFactory.create(AppModule);
app.useGlobalFilters(new IlsAuthExceptionFilter());
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
reroEmulator.registerClient({ ...reroClient, redirectUris: [`${url}/callback`] }); // e.g. https://app.example/callback
new Logger('Library').log(`listening on ${url}`);
