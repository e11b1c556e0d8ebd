import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type FaultIntegration = 'express' | 'passport' | 'nestjs';

/** What `fault-app.mjs` is started with (argv[2], as JSON). */
export interface FaultAppSettings {
  integration: FaultIntegration;
  redisUrl: string;
  /** Hex; the same in every process, as the processes of one application share it. */
  encryptionKey: string;
  secret: string;
  processes: number;
  /** The Express router and the NestJS module map patrons to app users (`callbacks.signIn`). */
  mapsUsers?: boolean;
  sierra: { url: string; credentials: { clientId: string; clientSecret: string } };
  throttle: {
    barcode: { max: number; windowSeconds: number };
    ip: { max: number; windowSeconds: number };
    duringStoreOutage?: 'refuse' | 'count-per-process';
  };
}

/** One application process of the fault suite, on its own event loop and its own RedisStore. */
export interface AppProcess {
  integration: FaultIntegration;
  url: string;
  close(): Promise<void>;
}

const APP = fileURLToPath(new URL('./fault-app.mjs', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export async function startAppProcess(settings: FaultAppSettings): Promise<AppProcess> {
  const child = fork(APP, [JSON.stringify(settings)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = `${errors}${chunk.toString()}`.slice(-2_000);
  });
  try {
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${settings.integration} app did not start in 30 s`)),
        START_TIMEOUT_MS,
      );
      child.once('message', (message) => {
        clearTimeout(timer);
        resolve(message as { port: number });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${settings.integration} app exited (${code}): ${errors}`));
      });
    });
    return { integration: settings.integration, url: `http://127.0.0.1:${port}`, close: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** Asks the app to close (its RedisStore too), and kills it when it does not within 5 s. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (child.connected) child.send('exit');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
