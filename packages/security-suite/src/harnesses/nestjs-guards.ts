import 'reflect-metadata';
import {
  IlsAuthExceptionFilter,
  IlsAuthModule,
  type IlsAuthRequest,
  type IlsAuthResponse,
  IlsAuthService,
  IlsLoginGuard,
  type IlsLoginInfo,
  Patron,
  PatronGuard,
} from '@ils-auth/nestjs';
import { Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Integration } from '../harness.js';
import { webAppOptions } from './app-options.js';

@Controller()
class SuiteController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  @Post('auth/card/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('card'))
  cardLogin(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Post('auth/koha/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('koha'))
  kohaLogin(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Post('auth/sip2/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('sip2'))
  sip2Login(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Get('auth/rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {}

  @Get('auth/rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  reroCallback(@Req() req: IlsAuthRequest, @Res() res: IlsAuthResponse) {
    const info = req.authInfo as IlsLoginInfo | undefined;
    res.writeHead(303, { location: info?.returnTo ?? '/me' }).end();
  }

  @Get('me')
  @UseGuards(PatronGuard)
  me(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthResponse) {
    await this.ils.logout(req, res);
  }
}

async function createApp(options: object) {
  const moduleRef = await Test.createTestingModule({
    imports: [IlsAuthModule.forRoot(options as Parameters<typeof IlsAuthModule.forRoot>[0])],
    controllers: [SuiteController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new IlsAuthExceptionFilter());
  return app;
}

/** `IlsAuthModule` with `IlsLoginGuard` and `PatronGuard` on the Express platform, as the README shows. */
export const nestGuards: Integration = {
  notApplicable: {},
  async start(environment) {
    const app = await createApp(webAppOptions(environment));
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return {
      url,
      pinLogin: '/auth/card/login',
      kohaPinLogin: '/auth/koha/login',
      sip2PinLogin: '/auth/sip2/login',
      codeLogin: '/auth/rero/login',
      logout: '/auth/logout',
      patron: '/me',
      sessionCookie: 'ils_session',
      close: () => app.close(),
    };
  },
  constructors: {
    'IlsAuthModule.forRoot()': async (environment, extra) => {
      const app = await createApp({ ...webAppOptions(environment), ...extra });
      await app.init();
      await app.close();
    },
  },
};
