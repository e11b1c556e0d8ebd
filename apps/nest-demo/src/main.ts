import { testCredentials } from './demo-providers.js';
import { startNestDemo } from './index.js';

// A command-line program: it talks to the person who started it on stdout/stderr.
const DEFAULT_PORT = 3100;
const say = (line = '') => process.stdout.write(`${line}\n`);

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

const requested = Number(process.env.PORT ?? DEFAULT_PORT);
const demo = await startNestDemo({ port: requested }).catch((error: unknown) => {
  if (!isAddressInUse(error)) throw error;
  process.stderr.write(`port ${requested} is taken: using a free one\n`);
  return startNestDemo({ port: 0 });
});

say();
say(`ils-auth NestJS demo on ${demo.platform}: ${demo.url}`);
say();
say('Test accounts (fake; the emulators and the OpenID server run on loopback only):');
for (const credential of testCredentials(demo.emulators, demo.oidc)) {
  say(`  ${credential.choice.padEnd(34)} ${credential.login.padEnd(24)} ${credential.secret ?? '(no PIN)'}`);
}
say();
say('Ctrl+C stops it.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`the demo did not stop cleanly: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
