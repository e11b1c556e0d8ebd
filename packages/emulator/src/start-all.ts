import { type KohaEmulator, startKoha } from './koha/emulator.js';
import { type OverDriveEmulator, startOverDrive } from './overdrive/emulator.js';
import { type ReroEmulator, startRero } from './rero/emulator.js';
import { type SierraEmulator, startSierra } from './sierra/emulator.js';
import { type Sip2Emulator, startSip2Emulator } from './sip2/emulator.js';

export interface StartAllOptions {
  host?: string;
  /** Lifetime of the access tokens of the HTTP emulators (SIP2 has no tokens). */
  tokenTtlSeconds?: number;
  ports?: { sierra?: number; overdrive?: number; rero?: number; koha?: number; sip2?: number };
}

export interface AllEmulators {
  sierra: SierraEmulator;
  overdrive: OverDriveEmulator;
  rero: ReroEmulator;
  koha: KohaEmulator;
  /** A generic SIP2 server over plain TCP, as `startSip2Emulator()` starts it. */
  sip2: Sip2Emulator;
  close(): Promise<void>;
}

/** Starts the five emulators with their seeds; if one cannot start, the others are closed again. */
export async function startAll(options: StartAllOptions = {}): Promise<AllEmulators> {
  const host = options.host === undefined ? {} : { host: options.host };
  const common = {
    ...host,
    ...(options.tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds: options.tokenTtlSeconds }),
  };
  const ports = options.ports ?? {};
  const started = await Promise.allSettled([
    startSierra({ ...common, port: ports.sierra ?? 0 }),
    startOverDrive({ ...common, port: ports.overdrive ?? 0 }),
    startRero({ ...common, port: ports.rero ?? 0 }),
    startKoha({ ...common, port: ports.koha ?? 0 }),
    startSip2Emulator({ ...host, port: ports.sip2 ?? 0 }),
  ]);
  const [sierra, overdrive, rero, koha, sip2] = started;
  if (
    sierra.status === 'fulfilled' &&
    overdrive.status === 'fulfilled' &&
    rero.status === 'fulfilled' &&
    koha.status === 'fulfilled' &&
    sip2.status === 'fulfilled'
  ) {
    const all = [sierra.value, overdrive.value, rero.value, koha.value, sip2.value];
    return {
      sierra: sierra.value,
      overdrive: overdrive.value,
      rero: rero.value,
      koha: koha.value,
      sip2: sip2.value,
      close: async () => {
        await Promise.all(all.map((emulator) => emulator.close()));
      },
    };
  }
  await Promise.all(
    started.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)),
  );
  throw started.find((result): result is PromiseRejectedResult => result.status === 'rejected')?.reason;
}
