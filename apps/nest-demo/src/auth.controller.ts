import { IlsAuthError } from '@ils-auth/core';
import {
  type IlsAuthPlatformResponse,
  type IlsAuthRequest,
  IlsAuthService,
  IlsLoginGuard,
  Patron,
} from '@ils-auth/nestjs';
import {
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Redirect,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { signInChoice } from './demo-providers.js';
import { pinFormPage } from './pin-form.page.js';
import { wantsHtml } from './wants-html.js';

/**
 * Sign-in and sign-out. The guards do the work; each provider needs its own routes because
 * `IlsLoginGuard(name)` is bound to one provider. Code flow: `GET /auth/<name>/login` (redirects to the
 * library's page) and `GET /auth/<name>/callback`. PIN: `POST /auth/<name>/login` from our form.
 * Answers go through Nest's HTTP adapter (or `@Redirect()`), so the same code runs on Express and Fastify.
 */
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(IlsAuthService) private readonly ils: IlsAuthService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  // ── Sierra's login page (authorization code) ────────────────────────────────────────────
  @Get('sierra/login')
  @UseGuards(IlsLoginGuard('sierra'))
  sierraLogin(): void {}

  @Get('sierra/callback')
  @UseGuards(IlsLoginGuard('sierra'))
  @Redirect('/account', 303)
  sierraCallback(@Req() req: IlsAuthRequest): { url: string } {
    return afterCodeFlow(req);
  }

  // ── RERO ILS: sign-in at RERO, consent, code flow with PKCE; tokens refreshed by core ─────
  @Get('rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin(): void {}

  @Get('rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  @Redirect('/account', 303)
  reroCallback(@Req() req: IlsAuthRequest): { url: string } {
    return afterCodeFlow(req);
  }

  // ── Library SSO: any OpenID Connect server through the generic provider (discovery, id_token) ─
  @Get('library/login')
  @UseGuards(IlsLoginGuard('library'))
  libraryLogin(): void {}

  @Get('library/callback')
  @UseGuards(IlsLoginGuard('library'))
  @Redirect('/account', 303)
  libraryCallback(@Req() req: IlsAuthRequest): { url: string } {
    return afterCodeFlow(req);
  }

  // ── Our card + PIN forms ─────────────────────────────────────────────────────────────────
  @Get(':name/form')
  @Header('content-type', 'text/html; charset=utf-8')
  pinForm(@Param('name') name: string): string {
    const choice = signInChoice(name);
    if (choice?.kind !== 'pin') {
      throw new IlsAuthError('invalid_request', 'There is no card + PIN sign-in of that name', {
        retryable: false,
      });
    }
    return pinFormPage(choice);
  }

  @Post('sierra-pin/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('sierra-pin'))
  sierraPin(@Patron() patron: Patron, @Req() req: IlsAuthRequest, @Res() res: IlsAuthPlatformResponse): void {
    this.afterPin(patron, req, res);
  }

  @Post('overdrive/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('overdrive'))
  overDrivePin(
    @Patron() patron: Patron,
    @Req() req: IlsAuthRequest,
    @Res() res: IlsAuthPlatformResponse,
  ): void {
    this.afterPin(patron, req, res);
  }

  @Post('overdrive-pinless/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('overdrive-pinless'))
  overDrivePinless(
    @Patron() patron: Patron,
    @Req() req: IlsAuthRequest,
    @Res() res: IlsAuthPlatformResponse,
  ): void {
    this.afterPin(patron, req, res);
  }

  @Post('koha/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('koha'))
  kohaPassword(
    @Patron() patron: Patron,
    @Req() req: IlsAuthRequest,
    @Res() res: IlsAuthPlatformResponse,
  ): void {
    this.afterPin(patron, req, res);
  }

  @Post('sip2/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('sip2'))
  sip2Pin(@Patron() patron: Patron, @Req() req: IlsAuthRequest, @Res() res: IlsAuthPlatformResponse): void {
    this.afterPin(patron, req, res);
  }

  // ── FOLIO, Polaris, Symphony, Alma, Evergreen: the same form, each system's own PIN check ──────
  @Post('folio/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('folio'))
  folioPin(@Patron() patron: Patron, @Req() req: IlsAuthRequest, @Res() res: IlsAuthPlatformResponse): void {
    this.afterPin(patron, req, res);
  }

  @Post('polaris/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('polaris'))
  polarisPin(
    @Patron() patron: Patron,
    @Req() req: IlsAuthRequest,
    @Res() res: IlsAuthPlatformResponse,
  ): void {
    this.afterPin(patron, req, res);
  }

  @Post('symphony/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('symphony'))
  symphonyPin(
    @Patron() patron: Patron,
    @Req() req: IlsAuthRequest,
    @Res() res: IlsAuthPlatformResponse,
  ): void {
    this.afterPin(patron, req, res);
  }

  @Post('alma/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('alma'))
  almaPin(@Patron() patron: Patron, @Req() req: IlsAuthRequest, @Res() res: IlsAuthPlatformResponse): void {
    this.afterPin(patron, req, res);
  }

  @Post('evergreen/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('evergreen'))
  evergreenPin(
    @Patron() patron: Patron,
    @Req() req: IlsAuthRequest,
    @Res() res: IlsAuthPlatformResponse,
  ): void {
    this.afterPin(patron, req, res);
  }

  // ── Sign-out: of one provider, of all of this browser's, or of every browser ───────────────
  // A sign-out posted by another site is refused by the service (403 cross_site_request).
  @Post('logout')
  async logout(
    @Query('everywhere') everywhere: string | undefined,
    @Req() req: IlsAuthRequest,
    @Res() res: IlsAuthPlatformResponse,
  ): Promise<void> {
    await this.ils.logout(req, res, { everywhere: everywhere === 'true' });
    this.afterLogout(req, res);
  }

  @Post(':name/logout')
  async logoutOne(
    @Param('name') name: string,
    @Req() req: IlsAuthRequest,
    @Res() res: IlsAuthPlatformResponse,
  ): Promise<void> {
    if (!this.ils.providers.includes(name)) {
      throw new IlsAuthError('invalid_request', 'There is no sign-in of that name', { retryable: false });
    }
    await this.ils.logout(req, res, { provider: name });
    this.afterLogout(req, res);
  }

  /** A browser still signed in elsewhere goes back to its account page, else home; an API client gets 204. */
  private afterLogout(req: IlsAuthRequest, res: IlsAuthPlatformResponse): void {
    const http = this.adapterHost.httpAdapter;
    if (!wantsHtml(req)) http.reply(res, undefined, 204);
    else http.redirect(res, 303, req.patron ? '/account' : '/');
  }

  /** A browser's form post goes on to the account page; an API client gets the patron as JSON. */
  private afterPin(patron: Patron, req: IlsAuthRequest, res: IlsAuthPlatformResponse): void {
    const http = this.adapterHost.httpAdapter;
    if (wantsHtml(req)) http.redirect(res, 303, '/account');
    else http.reply(res, { patron }, 200);
  }
}

/** The guard's `returnTo` is already checked: the login's `?returnTo=` path, else `defaultReturnTo`. */
function afterCodeFlow(req: IlsAuthRequest): { url: string } {
  return { url: req.authInfo?.returnTo ?? '/account' };
}
