import { startExpressDemo } from './start-express-demo.js';
import { testCredentials } from './test-credentials.js';

/** The demo's console output is its user interface: the URL and what to sign in with. */
function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

// `PORT` (default 3000); if it is taken, any free port rather than failing.
const requested = Number(process.env.PORT ?? 3000);
let demo: Awaited<ReturnType<typeof startExpressDemo>>;
try {
  demo = await startExpressDemo({ port: requested });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
  print(`port ${requested} is taken; using a free one`);
  demo = await startExpressDemo({ port: 0 });
}

print(`ils-auth Express demo: ${demo.url}`);
print('Test patrons (fake, public; the emulated systems and the OpenID server run in this process):');
for (const entry of testCredentials(demo.emulators, demo.oidc)) {
  print(
    `  ${entry.system.padEnd(9)} ${entry.login.padEnd(24)} ${(entry.secret ?? '(no PIN)').padEnd(14)} ${entry.note}`,
  );
}
print('Ctrl-C to stop.');

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    demo.close().then(
      () => {
        print('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
