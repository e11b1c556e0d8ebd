import { IlsAuthError } from '@ils-auth/core';
import { type IlsAuthRequest, IlsAuthService, IlsLoginGuard, Patron } from '@ils-auth/nestjs';
import { Controller, Get, Header, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { signInChoice } from './demo-providers.js';
import { pinFormPage } from './pin-form.page.js';
import { wantsHtml } from './wants-html.js';

/**
 * Sign-in and sign-out. The guards do the work; each provider needs its own routes because
 * `IlsLoginGuard(name)` is bound to one provider. Code flow: `GET /auth/<name>/login` (redirects to the
 * library's page) and `GET /auth/<name>/callback`. PIN: `POST /auth/<name>/login` from our form.
 */
@Controller('auth')
export class AuthController {
  constructor(@Inject(IlsAuthService) private readonly ils: IlsAuthService) {}

  // ── Sierra's login page (authorization code) ────────────────────────────────────────────
  @Get('sierra/login')
  @UseGuards(IlsLoginGuard('sierra'))
  sierraLogin(): void {}

  @Get('sierra/callback')
  @UseGuards(IlsLoginGuard('sierra'))
  sierraCallback(@Req() req: Request, @Res() res: Response): void {
    this.afterCodeFlow(req, res);
  }

  // ── RERO ILS: sign-in at RERO, consent, code flow with PKCE; tokens refreshed by core ─────
  @Get('rero/login')
  @UseGuards(IlsLoginGuard('rero'))
  reroLogin(): void {}

  @Get('rero/callback')
  @UseGuards(IlsLoginGuard('rero'))
  reroCallback(@Req() req: Request, @Res() res: Response): void {
    this.afterCodeFlow(req, res);
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
  sierraPin(@Patron() patron: Patron, @Req() req: Request, @Res() res: Response): void {
    this.afterPin(patron, req, res);
  }

  @Post('overdrive/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('overdrive'))
  overDrivePin(@Patron() patron: Patron, @Req() req: Request, @Res() res: Response): void {
    this.afterPin(patron, req, res);
  }

  @Post('overdrive-pinless/login')
  @HttpCode(200)
  @UseGuards(IlsLoginGuard('overdrive-pinless'))
  overDrivePinless(@Patron() patron: Patron, @Req() req: Request, @Res() res: Response): void {
    this.afterPin(patron, req, res);
  }

  // A sign-out posted by another site is refused by the service (403 cross_site_request).
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.ils.logout(req, res);
    if (wantsHtml(req)) res.redirect(303, '/');
    else res.status(204).end();
  }

  private afterCodeFlow(req: IlsAuthRequest, res: Response): void {
    // The guard's `returnTo` is already checked: the login's `?returnTo=` path, else `defaultReturnTo`.
    res.redirect(303, req.authInfo?.returnTo ?? '/account');
  }

  /** A browser's form post goes on to the account page; an API client gets the patron as JSON. */
  private afterPin(patron: Patron, req: Request, res: Response): void {
    if (wantsHtml(req)) res.redirect(303, '/account');
    else res.json({ patron });
  }
}
