import type { Closable } from './start-demo-site.js';

/** What a demo's `main` says to the person who started it (stdout and stderr are its user interface). */
export interface DemoConsole {
  say(line: string): void;
  warn(line: string): void;
}

export const processConsole: DemoConsole = {
  say: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`${line}\n`),
};

/** `start` on the port asked for; if another process has it, on any free port rather than failing. */
export async function startOnPreferredPort<Site>(
  port: number,
  start: (port: number) => Promise<Site>,
  { warn }: DemoConsole = processConsole,
): Promise<Site> {
  try {
    return await start(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException | undefined)?.code !== 'EADDRINUSE') throw error;
    warn(`port ${port} is taken: using a free one`);
    return start(0);
  }
}

/** Ctrl-C (SIGINT) or SIGTERM closes the site once, then exits: 0 when it closed cleanly, else 1. */
export function closeOnSignals(site: Closable, { say, warn }: DemoConsole = processConsole): void {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      site.close().then(
        () => {
          say('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          warn(`the demo did not stop cleanly: ${String(error)}`);
          process.exit(1);
        },
      );
    });
  }
}
