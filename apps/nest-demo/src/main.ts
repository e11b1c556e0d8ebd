import { closeOnSignals, processConsole, startOnPreferredPort } from '@ils-auth/demo-support';
import { testCredentials } from './demo-providers.js';
import { startNestDemo } from './index.js';

// A command-line program: it talks to the person who started it on stdout/stderr.
const { say } = processConsole;

const demo = await startOnPreferredPort(Number(process.env.PORT ?? 3100), (port) => startNestDemo({ port }));

say('');
say(`ils-auth NestJS demo on ${demo.platform}: ${demo.url}`);
say('');
// No PIN or password on the console, not even a test one (logs get collected): the home page lists them.
say(`Test accounts (fake; their PINs and passwords are on the home page, ${demo.url}/):`);
for (const credential of testCredentials(demo.emulators, demo.oidc)) {
  say(
    `  ${credential.choice.padEnd(34)} ${credential.login.padEnd(24)} ${credential.secret === undefined ? '(no PIN)' : ''}`.trimEnd(),
  );
}
say('');
say('Ctrl+C stops it.');
closeOnSignals(demo);
