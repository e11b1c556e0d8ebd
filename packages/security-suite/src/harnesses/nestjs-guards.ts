import 'reflect-metadata';
import {
  IlsAuthExceptionFilter,
  IlsAuthModule,
  type IlsAuthPlatformResponse,
  type IlsAuthRequest,
  IlsAuthService,
  IlsLoginGuard,
  Patron,
  PatronGuard,
} from '@ils-auth/nestjs';
import {
  Controller,
  Get,
  HttpCode,
  type INestApplication,
  Inject,
  Post,
  Redirect,
  Req,
  Res,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { type Integration, TRUSTED_PROXY } from '../harness.js';
import { WEB_APP_ROUTES, webAppOptions } from './app-options.js';

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

  @Post('auth/folio/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('folio'))
  folioLogin(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Post('auth/polaris/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('polaris'))
  polarisLogin(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Post('auth/symphony/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('symphony'))
  symphonyLogin(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Post('auth/alma/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('alma'))
  almaLogin(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Post('auth/evergreen/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('evergreen'))
  evergreenLogin(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Get('auth/rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin() {}

  // As the README's callback: Nest's @Redirect, which each platform writes as its own Location header.
  @Get('auth/rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  @Redirect('/me', 303)
  reroCallback(@Req() req: IlsAuthRequest) {
    return { url: req.authInfo?.returnTo ?? '/me' };
  }

  @Get('me')
  @UseGuards(PatronGuard)
  me(@Patron() patron: Patron) {
    return { patronId: patron.patronId };
  }

  @Get('me/catalogue')
  @UseGuards(PatronGuard)
  catalogue(@Req() req: IlsAuthRequest) {
    const patron = req.patrons?.catalogue;
    if (!patron) throw new UnauthorizedException();
    return { patronId: patron.patronId };
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: IlsAuthRequest, @Res({ passthrough: true }) res: IlsAuthPlatformResponse) {
    await this.ils.logout(req, res);
  }
}

type Platform = 'express' | 'fastify';

async function createApp(options: object, platform: Platform): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [IlsAuthModule.forRoot(options as Parameters<typeof IlsAuthModule.forRoot>[0])],
    controllers: [SuiteController],
  }).compile();
  // Behind a proxy on this machine, as deployed sites are: X-Forwarded-For names the client.
  let app: INestApplication;
  if (platform === 'fastify') {
    app = moduleRef.createNestApplication(new FastifyAdapter({ trustProxy: TRUSTED_PROXY }), {
      logger: false,
    });
  } else {
    const express = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
    express.set('trust proxy', TRUSTED_PROXY);
    app = express;
  }
  app.useGlobalFilters(new IlsAuthExceptionFilter());
  return app;
}

/** `IlsAuthModule` with `IlsLoginGuard` and `PatronGuard` on one of Nest's platforms, as the README shows. */
function nestGuardsOn(platform: Platform): Integration {
  return {
    notApplicable: {
      'one-throttle-two-integrations': 'the app mounts IlsAuthModule alone; the Passport rows mount both',
    },
    async start(environment) {
      const app = await createApp(webAppOptions(environment), platform);
      await app.listen(0, '127.0.0.1');
      const url = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
      return {
        url,
        ...WEB_APP_ROUTES,
        close: () => app.close(),
      };
    },
    constructors: {
      'IlsAuthModule.forRoot()': async (environment, extra) => {
        const app = await createApp({ ...webAppOptions(environment), ...extra }, platform);
        await app.init();
        await app.close();
      },
    },
  };
}

export const nestGuards = nestGuardsOn('express');
export const nestGuardsOnFastify = nestGuardsOn('fastify');
