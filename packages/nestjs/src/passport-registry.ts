// @ts-expect-error passport ships no types, and this package's users must not need @types/passport.
import passportModule from 'passport';

/** The one Passport instance @nestjs/passport's `PassportStrategy` and `AuthGuard` use. */
const passport = passportModule as { unuse(name: string): unknown };

/** Takes a strategy out of Passport's registry when its module closes. */
export function unregisterStrategy(name: string): void {
  passport.unuse(name);
}
