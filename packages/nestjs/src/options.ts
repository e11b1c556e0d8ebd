import { checkRoutesPath, type EngineOptions, IlsAuthEngine } from '@ils-auth/core/web';
import { Logger } from '@nestjs/common';
import type { IlsAuthRequest } from './http-types.js';

/** The engine's options (`providers`, `secret`, `store`, …: the same as `ilsAuth()`'s), plus `basePath`. */
export interface IlsAuthModuleOptions extends EngineOptions<unknown, IlsAuthRequest> {
  /** Where the login and callback routes are (including any global prefix); default `/auth`. */
  basePath?: string;
}

/** What one `IlsAuthModule` builds once and every request shares. */
export interface IlsAuthSetup {
  engine: IlsAuthEngine<IlsAuthRequest>;
  basePath: string;
}

const OWNER = 'IlsAuthModule';
const logger = new Logger('IlsAuth');

/** Checks the options once, at module start: `config_invalid` naming the option, unknown keys included. */
export function createSetup(options: IlsAuthModuleOptions): IlsAuthSetup {
  const engine = new IlsAuthEngine<IlsAuthRequest>(options, {
    owner: OWNER,
    ownOptions: ['basePath'],
    // One line through Nest's `Logger`, not the handler's stack.
    eventError: (error) =>
      logger.error(`an event handler failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  const basePath = checkRoutesPath(OWNER, 'basePath', options.basePath ?? '/auth');
  return { engine, basePath };
}
