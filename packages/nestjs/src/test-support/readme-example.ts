import 'reflect-metadata';
import { sierra } from '@ils-auth/core';
import { startSierra } from '@ils-auth/emulator';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Logger,
  Module,
  Param,
  Post,
  Redirect,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  IlsAuthExceptionFilter,
  IlsAuthModule,
  type IlsAuthPlatformResponse,
  type IlsAuthRequest,
  IlsAuthService,
  IlsLoginGuard,
  Patron,
  PatronGuard,
} from '../index.js';

// The emulated Sierra stands in for your library's: use your API root and keys instead.
export const emulator = await startSierra();
const catalogue = sierra({ baseUrl: emulator.url, ...emulator.credentials });

@Controller()
class LibraryController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  // Your own form (or JSON) posts barcode + PIN; the guard checks them with Sierra.
  @Post('auth/card/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('card'))
  cardLogin(@Patron() patron: Patron) {
    return { patron };
  }

  // Sierra's own login page: the guard redirects there, and completes the sign-in on the callback.
  @Get('auth/sierra/login')
  @UseGuards(IlsLoginGuard('sierra'))
  sierraLogin() {}

  @Get('auth/sierra/callback')
  @UseGuards(IlsLoginGuard('sierra'))
  @Redirect('/', 303)
  sierraCallback(@Req() req: IlsAuthRequest) {
    return { url: req.authInfo?.returnTo ?? '/' }; // the login's ?returnTo=, else defaultReturnTo
  }

  @Get('me')
  @UseGuards(PatronGuard)
  me(@Patron() patron: Patron) {
    return patron; // { provider, patronId, profile, expiresAt }: never the session id
  }

  // An app-token call: one shared token, renewed ahead of expiry; Sierra gets the patron's IP.
  @Get('bibs/:id')
  async bib(@Param('id') id: string, @Req() req: IlsAuthRequest) {
    const answer = await this.ils.client('sierra').fetch(`bibs/${encodeURIComponent(id)}`, {
      forwardedFor: req.ip,
    });
    return answer.json();
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthPlatformResponse) {
    await this.ils.logout(req, res);
  }
}

@Module({
  imports: [
    IlsAuthModule.forRoot({
      secret: process.env.ILS_AUTH_SECRET ?? 'dev-only-secret-0123456789abcdefghij',
      providers: {
        sierra: catalogue, // login page: GET /auth/sierra/login → /auth/sierra/callback
        card: { provider: catalogue, signIn: 'pin' }, // the same Sierra, by barcode + PIN
      },
      defaultReturnTo: '/me', // where patrons land after sign-in without a ?returnTo=
      clientOptions: { userAgent: 'BranchPortal/1.0 (+https://library.example.org)' },
    }),
  ],
  controllers: [LibraryController],
})
class AppModule {}

export const app = await NestFactory.create(AppModule);
app.useGlobalFilters(new IlsAuthExceptionFilter()); // IlsAuthError → { statusCode, error, message }
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
new Logger('Library').log(`listening on ${await app.getUrl()}`);
