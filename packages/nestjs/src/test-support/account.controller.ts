import { Controller, Get, UseGuards } from '@nestjs/common';
import { PatronGuard } from '../patron.guard.js';
import { Patron } from '../patron.js';

/** `GET /account`: the signed-in patron as JSON, or PatronGuard's 401. */
@Controller()
export class AccountController {
  @Get('account')
  @UseGuards(PatronGuard)
  account(@Patron() patron: Patron) {
    return patron;
  }
}
