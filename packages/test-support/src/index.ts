// What the packages' tests share. Heavier helpers have their own entries: `@ils-auth/test-support/oidc`
// (an oidc-provider server), `/redis` (redis-server, a cluster, a cuttable proxy), `/workers` (IPC workers).

export { Browser, type BrowserRequest, type Hop, readForm } from './browser.js';
export type { CookieJarOptions, StoredCookie } from './cookie-jar.js';
export { type Answer, type Send, send } from './http-request.js';
export { type LoopbackServer, listenOnLoopback } from './listen-on-loopback.js';
export { type PackageToPack, type PackedPackage, packAll } from './pack.js';
export { escapeRegExp } from './readme/escape-regexp.js';
export {
  type ReadmeExample,
  readmeBlock,
  readmeExample,
  readmeExampleName,
  readmeExamples,
} from './readme/readme-examples.js';
export { type ReadmeRunOptions, runReadmeExample, writeReadmeExample } from './readme/run-readme-example.js';
export { type RunningExample, type StartOptions, startReadmeExample } from './readme/start-readme-example.js';
export { type CompleteStore, type CounterValue, SwitchableStore } from './switchable-store.js';
export { TEST_SECRET } from './test-secret.js';
