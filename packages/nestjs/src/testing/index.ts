// Helpers for the app's own tests: `@ils-auth/nestjs/testing`.

export { signInPatron, type TestPatron } from './sign-in-patron.js';
