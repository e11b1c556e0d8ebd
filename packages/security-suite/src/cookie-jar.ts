import { Browser } from '@ils-auth/test-support';

/**
 * The suite's browser sends every cookie to every host and path: withholding one only helps the
 * integration under test, so a refusal seen through this jar is a real one.
 */
export class CookieJar extends Browser {
  constructor(cookies: Iterable<[string, string]> = []) {
    super(cookies, { sendEverywhere: true });
  }
}
