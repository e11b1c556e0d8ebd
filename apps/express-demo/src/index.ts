export { type ExpressDemo, type ExpressDemoOptions, startExpressDemo } from './start-express-demo.js';
export { type TestCredential, testCredentials } from './test-credentials.js';
