import type { PatronProfile } from '@ils-auth/core';
import { IlsOAuth2Strategy, IlsPinStrategy } from '@ils-auth/passport';
import { PassportStrategy } from '@nestjs/passport';

/*
 * @ils-auth/passport's strategies through @nestjs/passport's `PassportStrategy` mixin: the mixin registers
 * each instance with Passport under its `name` (unique per module instance, so two Nest apps in one process
 * do not replace each other's strategies) and turns `validate()` into the verify callback. The descriptor
 * forms (`IlsPinStrategy`, `IlsOAuth2Strategy`) are used because the module is configured with core
 * descriptors; `SierraPinStrategy`, `ReroStrategy`… are the same classes made from raw options.
 */

/** Barcode + PIN from the request body, checked by core (`login()`); the user is the patron's profile. */
export class NestPinStrategy extends PassportStrategy(IlsPinStrategy) {
  validate(profile: PatronProfile): PatronProfile {
    return profile;
  }
}

/** The provider's login page (code flow with state and, where taken, PKCE); the user is the profile. */
export class NestCodeFlowStrategy extends PassportStrategy(IlsOAuth2Strategy) {
  validate(_accessToken: string, _refreshToken: string | undefined, profile: PatronProfile): PatronProfile {
    return profile;
  }
}
