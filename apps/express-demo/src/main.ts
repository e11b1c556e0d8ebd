import { closeOnSignals, processConsole, startOnPreferredPort } from '@ils-auth/demo-support';
import { startExpressDemo } from './start-express-demo.js';
import { testCredentials } from './test-credentials.js';

// The demo's console output is its user interface: the URL and what to sign in with.
const { say } = processConsole;

const demo = await startOnPreferredPort(Number(process.env.PORT ?? 3000), (port) =>
  startExpressDemo({ port }),
);

say(`ils-auth Express demo: ${demo.url}`);
// No PIN or password on the console, not even a test one (logs get collected): the home page lists them.
say(`Test patrons (fake; their PINs and passwords are on the home page, ${demo.url}/):`);
for (const entry of testCredentials(demo.emulators, demo.oidc)) {
  say(
    `  ${entry.system.padEnd(11)} ${entry.login.padEnd(24)} ${entry.secret === undefined ? '(no PIN)' : ''}`.trimEnd(),
  );
}
say('Ctrl-C to stop.');
closeOnSignals(demo);
