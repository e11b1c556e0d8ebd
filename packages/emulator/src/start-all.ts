import { type AlmaEmulator, startAlmaEmulator } from './alma/emulator.js';
import { type EvergreenEmulator, startEvergreenEmulator } from './evergreen/emulator.js';
import { type FolioEmulator, startFolioEmulator } from './folio/emulator.js';
import { type KohaEmulator, startKoha } from './koha/emulator.js';
import { type OverDriveEmulator, startOverDrive } from './overdrive/emulator.js';
import { type PolarisEmulator, startPolarisEmulator } from './polaris/emulator.js';
import { type ReroEmulator, startRero } from './rero/emulator.js';
import { startTogether } from './shared/start-together.js';
import { type SierraEmulator, startSierra } from './sierra/emulator.js';
import { type Sip2Emulator, startSip2Emulator } from './sip2/emulator.js';
import { type SymphonyEmulator, startSymphonyEmulator } from './symphony/emulator.js';

export interface StartAllOptions {
  host?: string;
  tokenTtlSeconds?: number;
  ports?: {
    sierra?: number;
    overdrive?: number;
    rero?: number;
    koha?: number;
    sip2?: number;
    folio?: number;
    polaris?: number;
    evergreen?: number;
    symphony?: number;
    alma?: number;
  };
}

export interface AllEmulators {
  sierra: SierraEmulator;
  overdrive: OverDriveEmulator;
  rero: ReroEmulator;
  koha: KohaEmulator;
  /** A generic SIP2 server over plain TCP, as `startSip2Emulator()` starts it. */
  sip2: Sip2Emulator;
  folio: FolioEmulator;
  polaris: PolarisEmulator;
  evergreen: EvergreenEmulator;
  symphony: SymphonyEmulator;
  alma: AlmaEmulator;
  close(): Promise<void>;
}

/** Starts every emulator with its seeds; if one cannot start, the others are closed again. */
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
    const first = [sierra.value, overdrive.value, rero.value, koha.value, sip2.value];
    const added = await startTogether({
      folio: () => startFolioEmulator({ ...common, port: ports.folio ?? 0 }),
      polaris: () => startPolarisEmulator({ ...common, port: ports.polaris ?? 0 }),
      evergreen: () => startEvergreenEmulator({ ...common, port: ports.evergreen ?? 0 }),
      symphony: () => startSymphonyEmulator({ ...common, port: ports.symphony ?? 0 }),
      alma: () => startAlmaEmulator({ ...common, port: ports.alma ?? 0 }),
    }).catch(async (error: unknown) => {
      await Promise.all(first.map((emulator) => emulator.close()));
      throw error;
    });
    const all = [...first, ...Object.values(added)];
    return {
      ...added,
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
