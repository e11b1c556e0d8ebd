import { closeOnSignals, processConsole, startOnPreferredPort } from '@ils-auth/demo-support';
import { startExpressDemo } from './start-express-demo.js';
import { testCredentials } from './test-credentials.js';

// The demo's console output is its user interface: the URL and what to sign in with.
const { say } = processConsole;

const demo = await startOnPreferredPort(Number(process.env.PORT ?? 3000), (port) =>
  startExpressDemo({ port }),
);

say(`ils-auth Express demo: ${demo.url}`);
say('Test patrons (fake, public; the emulated systems and the OpenID server run in this process):');
for (const entry of testCredentials(demo.emulators, demo.oidc)) {
  say(
    `  ${entry.system.padEnd(9)} ${entry.login.padEnd(24)} ${(entry.secret ?? '(no PIN)').padEnd(14)} ${entry.note}`,
  );
}
say('Ctrl-C to stop.');
closeOnSignals(demo);
