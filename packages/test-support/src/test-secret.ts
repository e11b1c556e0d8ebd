/**
 * The one secret every package's test apps sign their cookies with (at least 32 characters, as
 * `ilsAuth()` and `IlsAuthModule` require). Tests that check no secret leaks look for this value.
 */
export const TEST_SECRET = 'test-secret-0123456789abcdef-0123456789';
